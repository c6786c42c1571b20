import Foundation
import GRDB

/// A meeting, whoever holds it: a working group (``GroupMeeting``) or a governance committee
/// (``CommitteeMeeting``). What a meeting is — instants as sent with their offset and in UTC,
/// the end after the start, place, agenda and minutes — and what is done with meetings
/// (``MeetingBook``: list, read, record, change, delete, the iCalendar feed) is written once,
/// here, for every organizer.
protocol Meeting: AuditedRecord, Identifiable {
    /// What holds the meeting (a working group, a committee).
    associatedtype Organizer: AuditedRecord
    /// The column holding the organizer's id.
    static var organizerColumn: Column { get }
    /// What the calendar feeds call such a meeting (`Groupe de travail`): the event's summary is
    /// it followed by the organizer's name in quotes.
    static var calendarTitle: String { get }
    /// The prefix of the event's UID in the calendar feeds (`meeting`, `committee-meeting`).
    static var calendarUIDPrefix: String { get }

    var organizerId: Int64 { get }
    var startsAt: String { get set }
    var endsAt: String { get set }
    var startsAtUtc: Date { get }
    var endsAtUtc: Date { get }
    var place: String? { get set }
    var agenda: String? { get set }
    var minutes: String? { get set }

    /// A new meeting of `organizerId`, before it is validated and stamped.
    init(organizerId: Int64, _ input: MeetingInput)
}

enum MeetingColumns {
    static let id = Column("id")
    static let startsAtUtc = Column("startsAtUtc")
}

extension Meeting {
    static var instantRule: String {
        "must be an ISO 8601 date and time with an offset, e.g. 2025-03-10T14:00:00+01:00"
    }

    /// The rules of every meeting.
    func validateMeeting(into v: inout Validator) {
        let start = Instants.parse(startsAt)
        let end = Instants.parse(endsAt)
        if start == nil { v.fail("startsAt", Self.instantRule) }
        if end == nil { v.fail("endsAt", Self.instantRule) }
        if let start, let end, end <= start { v.fail("endsAt", "must be after startsAt (\(startsAt))") }
        v.line(place, "place")
        v.paragraph(agenda, "agenda")
        v.paragraph(minutes, "minutes")
    }

    /// The meeting as an event of a calendar feed.
    func calendarEntry(organizerName: String) -> ICalendar.Entry {
        var description: [String] = []
        if let agenda { description.append("Ordre du jour :\n" + agenda) }
        if let minutes { description.append("Compte rendu :\n" + minutes) }
        return ICalendar.Entry(
            uid: "\(Self.calendarUIDPrefix)-\(id!)", modified: updatedAt, timing: .instants(startsAtUtc, endsAtUtc),
            summary: "\(Self.calendarTitle) « \(organizerName) »", location: place,
            description: description.isEmpty ? nil : description.joined(separator: "\n\n"))
    }
}

extension MeetingPatch {
    func apply<M: Meeting>(to meeting: inout M) {
        startsAt.apply(to: &meeting.startsAt)
        endsAt.apply(to: &meeting.endsAt)
        place.apply(to: &meeting.place)
        agenda.apply(to: &meeting.agenda)
        minutes.apply(to: &meeting.minutes)
    }
}
