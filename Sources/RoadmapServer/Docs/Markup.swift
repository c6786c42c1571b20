/// A piece of HTML. Built from a string literal, every interpolated `String` is escaped and
/// every interpolated `Markup` is kept as it is, so that text read from the contract cannot
/// become markup by accident: `"<code>\(name)</code>" as Markup`.
struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation {
    private(set) var html: String

    init(stringLiteral html: String) {
        self.html = html
    }

    init(stringInterpolation: StringInterpolation) {
        html = stringInterpolation.html
    }

    /// Text, escaped.
    init(text: String) {
        html = Self.escape(text)
    }

    /// HTML already made safe (by this type or by ``escape(_:)``).
    private init(trusted html: String) {
        self.html = html
    }

    static let empty: Markup = ""

    var isEmpty: Bool { html.isEmpty }

    static func + (lhs: Markup, rhs: Markup) -> Markup { Markup(trusted: lhs.html + rhs.html) }

    static func += (lhs: inout Markup, rhs: Markup) { lhs.html += rhs.html }

    /// Text made safe for element content and for attribute values quoted with `"` or `'`.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var html = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            html.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { html += literal }

        /// Text: escaped.
        mutating func appendInterpolation(_ text: String) { html += Markup.escape(text) }

        mutating func appendInterpolation(_ number: Int) { html += String(number) }

        mutating func appendInterpolation(_ markup: Markup) { html += markup.html }

        mutating func appendInterpolation(_ parts: [Markup]) {
            for part in parts { html += part.html }
        }
    }
}

extension Array where Element == Markup {
    /// The parts one after the other, with `separator` between them.
    func joined(separator: Markup = .empty) -> Markup {
        var result = Markup.empty
        for (index, part) in enumerated() {
            if index > 0 { result += separator }
            result += part
        }
        return result
    }
}
