import Foundation

/// iCalendar (RFC 5545) feeds, for calendar applications to subscribe to: the meetings of the
/// working groups and committees (``Meeting/calendarEntry(organizerName:)``), and the roadmap's deadlines (``DeadlineCalendar``).
///
/// Every line ends with CRLF and is folded at 75 octets without splitting a UTF-8 sequence;
/// TEXT values escape `\`, `;`, `,` and line breaks; instants are written in UTC, days as
/// all-day events; each event has a stable UID (`meeting-<id>@fne-api.gers`,
/// `action-<id>-end@fne-api.gers`…), so that an updated event replaces its earlier version in
/// the subscriber's calendar.
public enum ICalendar {
    /// One event of a feed.
    public struct Entry: Sendable {
        /// Unique in the feed and stable across changes; `@fne-api.gers` is appended.
        public var uid: String
        /// When what the event shows last changed (DTSTAMP and LAST-MODIFIED).
        public var modified: Date
        public var timing: Timing
        public var summary: String
        public var location: String?
        public var description: String?

        public enum Timing: Sendable {
            /// From one instant to another.
            case instants(Date, Date)
            /// A whole day (a deadline).
            case day(CalendarDate)
        }
    }

    /// The calendar document.
    public static func document(name: String, entries: [Entry]) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Gers Numérique//fne-api//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        for entry in entries {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(entry.uid)@fne-api.gers")
            lines.append("DTSTAMP:" + utc(entry.modified))
            switch entry.timing {
            case .instants(let start, let end):
                lines.append("DTSTART:" + utc(start))
                lines.append("DTEND:" + utc(end))
            case .day(let day):
                lines.append("DTSTART;VALUE=DATE:" + compact(day))
                lines.append("DTEND;VALUE=DATE:" + compact(day.next))
                lines.append("TRANSP:TRANSPARENT")
            }
            lines.append("LAST-MODIFIED:" + utc(entry.modified))
            lines.append("SUMMARY:" + escape(entry.summary))
            if let location = entry.location { lines.append("LOCATION:" + escape(location)) }
            if let description = entry.description { lines.append("DESCRIPTION:" + escape(description)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }

    /// `2027-06-30` → `20270630` (RFC 5545 DATE).
    static func compact(_ day: CalendarDate) -> String {
        day.description.replacingOccurrences(of: "-", with: "")
    }

    /// A TEXT value (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            default:
                // Other control characters are not allowed in TEXT: drop them.
                if scalar.value >= 0x20 && scalar.value != 0x7F { out.unicodeScalars.append(scalar) }
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }

    /// A content line folded at 75 octets (RFC 5545 §3.1), ending with CRLF.
    static func fold(_ line: String) -> String {
        var result = ""
        var current = 0
        for character in line {
            let size = String(character).utf8.count
            if current + size > 75 {
                result += "\r\n "
                current = 1
            }
            result.append(character)
            current += size
        }
        return result + "\r\n"
    }

    private static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
