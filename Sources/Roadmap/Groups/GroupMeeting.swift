import Foundation
import GRDB

/// A meeting of a working group. `startsAt`/`endsAt` are kept as sent (ISO 8601 with an
/// offset); the UTC instants order meetings and feed the iCalendar export.
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

    /// A meeting of group `groupId` from the instants as sent.
    init(groupId: Int64, startsAt: String, endsAt: String, place: String?, agenda: String?, minutes: String?) {
        self.init(
            groupId: groupId, startsAt: startsAt, endsAt: endsAt, startsAtUtc: Instants.parse(startsAt) ?? .unstamped,
            endsAtUtc: Instants.parse(endsAt) ?? .unstamped, place: place, agenda: agenda, minutes: minutes)
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let groupId = Column(CodingKeys.groupId)
        static let startsAtUtc = Column(CodingKeys.startsAtUtc)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static let instantRule = "must be an ISO 8601 date and time with an offset, e.g. 2025-03-10T14:00:00+01:00"

    func validate(into v: inout Validator) {
        let start = Instants.parse(startsAt)
        let end = Instants.parse(endsAt)
        if start == nil { v.fail("startsAt", GroupMeeting.instantRule) }
        if end == nil { v.fail("endsAt", GroupMeeting.instantRule) }
        if let start, let end, end <= start { v.fail("endsAt", "must be after startsAt (\(startsAt))") }
        v.line(place, "place")
        v.paragraph(agenda, "agenda")
        v.paragraph(minutes, "minutes")
    }
}
