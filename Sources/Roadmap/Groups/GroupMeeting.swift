import Foundation
import GRDB

/// A meeting of a working group (the rules of every meeting are ``Meeting``'s).
/// `startsAt`/`endsAt` are kept as sent (ISO 8601 with an offset); the UTC instants order
/// meetings and feed the iCalendar export.
public struct GroupMeeting: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "groupMeeting"

    public var id: Int64?
    public var groupId: Int64
    /// Setting the text sets the UTC instant (``validate(into:)`` refuses a text that does not
    /// parse).
    public var startsAt: String { didSet { startsAtUtc = Instants.parse(startsAt) ?? .unstamped } }
    public var endsAt: String { didSet { endsAtUtc = Instants.parse(endsAt) ?? .unstamped } }
    public var startsAtUtc: Date
    public var endsAtUtc: Date
    public var place: String?
    public var agenda: String?
    public var minutes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, groupId: Int64, startsAt: String, endsAt: String, startsAtUtc: Date, endsAtUtc: Date,
        place: String? = nil, agenda: String? = nil, minutes: String? = nil, createdAt: Date = .unstamped,
        updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.groupId = groupId
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.startsAtUtc = startsAtUtc
        self.endsAtUtc = endsAtUtc
        self.place = place
        self.agenda = agenda
        self.minutes = minutes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(organizerId: Int64, _ input: MeetingInput) {
        self.init(
            groupId: organizerId, startsAt: input.startsAt, endsAt: input.endsAt,
            startsAtUtc: Instants.parse(input.startsAt) ?? .unstamped,
            endsAtUtc: Instants.parse(input.endsAt) ?? .unstamped, place: input.place, agenda: input.agenda,
            minutes: input.minutes)
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let groupId = Column(CodingKeys.groupId)
        static let startsAtUtc = Column(CodingKeys.startsAtUtc)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) { validateMeeting(into: &v) }
}

extension GroupMeeting: Meeting {
    typealias Organizer = WorkingGroup
    static let organizerColumn = Columns.groupId
    static let calendarTitle = "Groupe de travail"
    static let calendarUIDPrefix = "meeting"
    var organizerId: Int64 { groupId }
}
