import Foundation

/// iCalendar (RFC 5545) feeds of meetings, for calendar applications to subscribe to.
///
/// Every line ends with CRLF and is folded at 75 octets without splitting a UTF-8 sequence;
/// TEXT values escape `\`, `;`, `,` and line breaks; instants are written in UTC; each event
/// has a stable UID (`meeting-<id>@fne-api.gers`), so that an updated meeting replaces its
/// earlier version in the subscriber's calendar.
public enum ICalendar {
    public struct Event: Sendable {
        public var meeting: GroupMeeting
        public var groupName: String
    }

    /// The calendar document.
    public static func document(name: String, events: [Event]) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Gers Numérique//fne-api//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        for event in events {
            let meeting = event.meeting
            lines.append("BEGIN:VEVENT")
            lines.append("UID:meeting-\(meeting.id!)@fne-api.gers")
            lines.append("DTSTAMP:" + utc(meeting.updatedAt))
            lines.append("DTSTART:" + utc(meeting.startsAtUtc))
            lines.append("DTEND:" + utc(meeting.endsAtUtc))
            lines.append("LAST-MODIFIED:" + utc(meeting.updatedAt))
            lines.append("SUMMARY:" + escape("Groupe de travail « \(event.groupName) »"))
            if let place = meeting.place { lines.append("LOCATION:" + escape(place)) }
            var description: [String] = []
            if let agenda = meeting.agenda { description.append("Ordre du jour :\n" + agenda) }
            if let minutes = meeting.minutes { description.append("Compte rendu :\n" + minutes) }
            if !description.isEmpty { lines.append("DESCRIPTION:" + escape(description.joined(separator: "\n\n"))) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
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
