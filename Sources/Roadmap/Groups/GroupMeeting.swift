import Foundation
import GRDB

/// A meeting of a working group. `startsAt`/`endsAt` are kept as sent (ISO 8601 with an
/// offset); the UTC instants order meetings and feed the iCalendar export.
public struct GroupMeeting: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "groupMeeting"

    public var id: Int64?
    public var groupId: Int64
    public var startsAt: String
    public var endsAt: String
    public var startsAtUtc: Date
    public var endsAtUtc: Date
    public var place: String?
    public var agenda: String?
    public var minutes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64? = nil, groupId: Int64, startsAt: String, endsAt: String, startsAtUtc: Date, endsAtUtc: Date, place: String? = nil, agenda: String? = nil, minutes: String? = nil, createdAt: Date, updatedAt: Date) {
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

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let groupId = Column(CodingKeys.groupId)
        static let startsAtUtc = Column(CodingKeys.startsAtUtc)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
