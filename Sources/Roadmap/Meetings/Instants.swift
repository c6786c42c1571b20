import Foundation

/// ISO 8601 instants as meetings take them: a date, a time and an explicit offset
/// (`2025-03-10T14:00:00+01:00`, `2025-03-10T13:00:00Z`, optional fractional seconds).
enum Instants {
    /// The instant, or nil when the text is not ISO 8601 with an offset.
    static func parse(_ text: String) -> Date? {
        // Require the time-zone designator: a local time without offset is ambiguous.
        guard text.count >= 20, text.count <= 40, text.contains("T"),
            text.hasSuffix("Z") || text.range(of: #"[+-]\d{2}:\d{2}$"#, options: .regularExpression) != nil
        else { return nil }
        // The formatter rolls impossible values over (30 February → 2 March): check them first.
        let time = text.dropFirst(11).prefix(8).split(separator: ":").compactMap { Int($0) }
        guard CalendarDate(String(text.prefix(10))) != nil, time.count == 3, time[0] < 24, time[1] < 60, time[2] < 60
        else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
