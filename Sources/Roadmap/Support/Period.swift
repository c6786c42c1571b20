/// A date at the precision a source gives it, in ISO 8601: a day (`2025-01-24`), a month
/// (`2025-01`), a year (`2024`) or a season (ISO 8601-2: `2023-21` spring, `-22` summer,
/// `-23` autumn, `-24` winter). The roadmap's timeline and the governance's membership history
/// are dated this way, so that nothing is made more precise than the document says.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    /// As written: `2023-23`.
    public let description: String
    /// The period's first day, which orders periods and answers "in force on": a month's 1st,
    /// a year's 1 January, a season's first month's 1st (meteorological seasons: March, June,
    /// September, December).
    public let firstDay: CalendarDate

    /// Parses one of the accepted shapes (see the type's description), or nil.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = parts.first, year.count == 4, year.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        let start: String
        switch parts.count {
        case 1: start = "\(year)-01-01"
        case 2:
            guard parts[1].count == 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[1])
            else { return nil }
            switch value {
            case 1...12: start = "\(year)-\(parts[1])-01"
            case 21...24:
                let month = ["03", "06", "09", "12"][value - 21]
                start = "\(year)-\(month)-01"
            default: return nil
            }
        case 3: start = text
        default: return nil
        }
        guard let firstDay = CalendarDate(start) else { return nil }
        self.description = text
        self.firstDay = firstDay
    }

    /// The rule a period's text follows, for error messages.
    static let rule =
        "must be an ISO 8601 date at the precision known: YYYY-MM-DD, YYYY-MM, YYYY or a season YYYY-21…24 (21 spring to 24 winter)"

    /// The period in French: « 24 janvier 2025 », « janvier 2025 », « automne 2023 », « 2024 ».
    public var frenchLabel: String {
        let parts = description.split(separator: "-")
        let months = [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre",
        ]
        switch parts.count {
        case 1: return description
        case 2:
            let value = Int(parts[1])!
            if value >= 21 { return "\(["printemps", "été", "automne", "hiver"][value - 21]) \(parts[0])" }
            return "\(months[value - 1]) \(parts[0])"
        default:
            return "\(firstDay.day == 1 ? "1er" : String(firstDay.day)) \(months[firstDay.month - 1]) \(firstDay.year)"
        }
    }
}
