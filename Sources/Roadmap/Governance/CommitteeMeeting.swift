import Foundation
import GRDB

/// A meeting of a governance committee: the same rules, queries and calendar feed as a working
/// group's (``Meeting``, ``MeetingBook``), and its decisions (``MeetingDecision``).
public struct CommitteeMeeting: Codable, Sendable, Equatable, Identifiable, FetchableRecord,
    MutablePersistableRecord, AuditedRecord
{
    public static let databaseTableName = "committeeMeeting"

    public var id: Int64?
    public var committeeId: Int64
    public var startsAt: String { didSet { startsAtUtc = Instants.parse(startsAt) ?? .unstamped } }
    public var endsAt: String { didSet { endsAtUtc = Instants.parse(endsAt) ?? .unstamped } }
    public var startsAtUtc: Date
    public var endsAtUtc: Date
    public var place: String?
    public var agenda: String?
    public var minutes: String?
    public var createdAt: Date
    public var updatedAt: Date

    init(organizerId: Int64, _ input: MeetingInput) {
        self.id = nil
        self.committeeId = organizerId
        self.startsAt = input.startsAt
        self.endsAt = input.endsAt
        self.startsAtUtc = Instants.parse(input.startsAt) ?? .unstamped
        self.endsAtUtc = Instants.parse(input.endsAt) ?? .unstamped
        self.place = input.place
        self.agenda = input.agenda
        self.minutes = input.minutes
        self.createdAt = .unstamped
        self.updatedAt = .unstamped
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let committeeId = Column(CodingKeys.committeeId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) { validateMeeting(into: &v) }
}

extension CommitteeMeeting: Meeting {
    typealias Organizer = Committee
    static let organizerColumn = Columns.committeeId
    static let calendarTitle = "Comité"
    static let calendarUIDPrefix = "committee-meeting"
    var organizerId: Int64 { committeeId }
}
