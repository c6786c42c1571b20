import CSV
import Foundation

/// A CSV file for people who work in spreadsheets and for open data: UTF-8 with a byte-order
/// mark (so that spreadsheets show the accents), one header row, CRLF line ends, fields quoted
/// by the CSV.swift library when they hold the separator, a quote or a line break (RFC 4180).
/// A text cell that a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading `'`; numbers written by the exporter are left as
/// they are.
public struct CSVDocument: Sendable {
    /// The field separator: `,` (RFC 4180, the default) or `;`, what French spreadsheets
    /// expect, with a decimal comma in amounts (``Separator/decimalMark``).
    public enum Separator: String, Sendable, CaseIterable {
        case comma
        case semicolon

        var character: String { self == .comma ? "," : ";" }
        /// The decimal mark of the amounts written with this separator.
        public var decimalMark: String { self == .comma ? "." : "," }
    }

    public let header: [String]
    public private(set) var rows: [[Cell]] = []

    /// A cell: a text to guard against formulas, or a number written by the exporter.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(String)
    }

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// The file's text.
    public func text(separator: Separator = .comma) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, delimiter: separator.character, newline: .crlf)
        try writer.write(row: header)
        for row in rows {
            try writer.write(
                row: row.map { cell in
                    switch cell {
                    case .text(let text): Self.guarded(text)
                    case .number(let number): number
                    }
                })
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return "\u{FEFF}" + String(decoding: data, as: UTF8.self) + "\r\n"
    }

    /// A text with a leading `'` when a spreadsheet would read it as a formula.
    static func guarded(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
