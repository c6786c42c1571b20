import Foundation

/// Collects every rule a request breaks, so that one answer names all faulty fields at once.
/// Services build one, run their checks, then call `finish()`.
struct Validator {
    private(set) var errors: [FieldError] = []

    /// Adds a broken rule.
    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Adds a broken rule unless `condition` holds.
    mutating func require(_ condition: Bool, _ field: String, _ message: @autoclosure () -> String) {
        if !condition { fail(field, message()) }
    }

    /// A one-line text: not blank, at most `maxLength` characters, no control characters.
    mutating func line(_ value: String, _ field: String, maxLength: Int = TextLimits.line) {
        text(value, field, maxLength: maxLength, multiline: false)
    }

    /// A free text (description, notes): may span lines, at most `maxLength` characters.
    mutating func paragraph(_ value: String, _ field: String, maxLength: Int = TextLimits.paragraph) {
        text(value, field, maxLength: maxLength, multiline: true)
    }

    mutating func line(_ value: String?, _ field: String, maxLength: Int = TextLimits.line) {
        if let value { line(value, field, maxLength: maxLength) }
    }

    mutating func paragraph(_ value: String?, _ field: String, maxLength: Int = TextLimits.paragraph) {
        if let value { paragraph(value, field, maxLength: maxLength) }
    }

    /// An integer within bounds.
    mutating func range<T: BinaryInteger>(_ value: T, _ field: String, _ bounds: ClosedRange<T>) {
        require(bounds.contains(value), field, "must be between \(bounds.lowerBound) and \(bounds.upperBound)")
    }

    /// An integer with a lower bound only.
    mutating func atLeast<T: BinaryInteger>(_ value: T, _ field: String, _ minimum: T) {
        require(value >= minimum, field, "must be \(minimum) or more")
    }

    /// An amount in cents: more than 0 (or 0 or more when `allowZero`), at most `Money.maximumCents`.
    mutating func cents(_ value: Int64, _ field: String, allowZero: Bool = false) {
        if allowZero ? value < 0 : value <= 0 {
            fail(field, allowZero ? "must be 0 or more" : "must be more than 0")
        } else if value > Money.maximumCents {
            fail(field, "must be at most \(Money.maximumCents) cents (10 000 000 000,00 €)")
        }
    }

    /// Throws `RoadmapError.invalid` with every broken rule, if any.
    func finish() throws {
        if !errors.isEmpty { throw RoadmapError.invalid(errors) }
    }

    private mutating func text(_ value: String, _ field: String, maxLength: Int, multiline: Bool) {
        if value.allSatisfy(\.isWhitespace) {
            fail(field, "must not be empty or blank")
            return
        }
        if value.unicodeScalars.count > maxLength {
            fail(field, "must be at most \(maxLength) characters (got \(value.unicodeScalars.count))")
        }
        if !multiline, let invisible = value.unicodeScalars.first(where: TextKey.isInvisible) {
            let code = "U+" + String(invisible.value, radix: 16, uppercase: true).leftPadded(to: 4)
            fail(
                field,
                "must not contain invisible formatting characters (found \(code)); names and titles are compared as people read them"
            )
        }
        if !multiline,
            value.unicodeScalars.contains(where: {
                [.lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
            })
        {
            fail(field, "must be one line: no line or paragraph separators (U+2028, U+2029)")
        }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) })
        {
            fail(
                field,
                multiline
                    ? "must not contain control characters other than line breaks and tabs"
                    : "must not contain control characters or line breaks")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Length limits shared by every module, so that the contract can state them once.
public enum TextLimits {
    /// Names, titles, labels.
    public static let line = 300
    /// Descriptions, notes, agendas, minutes.
    public static let paragraph = 10_000
    /// URLs.
    public static let url = 2_000
}

extension Validator {
    /// A date `YYYY-MM-DD` read from `text`; nil, and a fault, when it does not parse.
    mutating func date(_ text: String?, _ field: String) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(text) else {
            fail(field, "must be a date YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// An absolute http(s) URL without spaces.
    mutating func webURL(_ value: String?, _ field: String) {
        guard let value else { return }
        line(value, field, maxLength: TextLimits.url)
        let lower = value.lowercased()
        let hasScheme = lower.hasPrefix("http://") || lower.hasPrefix("https://")
        let host = value.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first
        require(
            hasScheme && host != nil && !value.contains(where: \.isWhitespace), field,
            "must be an absolute http:// or https:// URL")
    }
}
