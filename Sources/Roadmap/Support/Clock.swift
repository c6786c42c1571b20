import Foundation

/// Where the domain reads the time: the wall clock in production, a fixed or moving instant
/// in tests (the `late` flag of an action depends on today's date).
public struct RoadmapClock: Sendable {
    private let currentInstant: @Sendable () -> Date
    /// The time zone in which "today" is reckoned: the Gers is in Europe/Paris.
    public let timeZone: TimeZone
    /// Built once: making a calendar costs more than asking it the day (read on every request
    /// by the read cache).
    private let calendar: Calendar

    public init(timeZone: TimeZone = RoadmapClock.paris, now: @escaping @Sendable () -> Date) {
        self.currentInstant = now
        self.timeZone = timeZone
        self.calendar = .gregorian(in: timeZone)
    }

    /// The system clock, in Europe/Paris.
    public static let system = RoadmapClock(now: { Date() })

    /// A clock stopped at `instant`.
    public static func fixed(_ instant: Date) -> RoadmapClock {
        RoadmapClock(now: { instant })
    }

    public static let paris = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600)!

    public var now: Date { currentInstant() }

    /// Today's date in the roadmap's time zone.
    public var today: CalendarDate { CalendarDate(now, calendar: calendar) }
}
