import Foundation
import GRDB

/// A committee of the governance (« comité de pilotage », « comité technique »…): a type, a
/// name unique ignoring case and accents, how often it meets, its member partners and its
/// meetings (``CommitteeMeeting``).
public struct Committee: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "committee"

    public var id: Int64?
    public var type: CommitteeType
    public var name: String { didSet { nameKey = TextKey.fold(name) } }
    /// `TextKey.fold(name)`, kept in step by `name`.
    public var nameKey: String
    public var frequency: CommitteeFrequency
    public var description: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, type: CommitteeType, name: String, frequency: CommitteeFrequency,
        description: String? = nil, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.nameKey = TextKey.fold(name)
        self.frequency = frequency
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let type = Column(CodingKeys.type)
        static let nameKey = Column(CodingKeys.nameKey)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.line(name, "name")
        v.paragraph(description, "description")
    }
}

/// What kind of committee it is.
public enum CommitteeType: String, Codable, Sendable, CaseIterable {
    /// Comité de pilotage (COPIL).
    case steering
    /// Comité technique.
    case technical
    /// Comité consultatif.
    case advisory
    case other
}

/// How often a committee meets.
public enum CommitteeFrequency: String, Codable, Sendable, CaseIterable {
    case monthly
    case quarterly
    case halfYearly = "half_yearly"
    case yearly
    case other
}

/// One member partner of one committee (table `committeeMember`).
struct CommitteeMember: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "committeeMember"

    var committeeId: Int64
    var partnerId: Int64

    enum Columns {
        static let committeeId = Column(CodingKeys.committeeId)
        static let partnerId = Column(CodingKeys.partnerId)
    }
}

/// A committee with its members and how many meetings it has held or planned.
public struct CommitteeDetail: Sendable, Equatable {
    public var committee: Committee
    /// Its member partners, by id.
    public var memberIds: [Int64]
    public var meetingCount: Int

    /// How the change log shows a committee: its fields and its members.
    struct LogEntry: Encodable {
        let committee: Committee
        let memberIds: [Int64]

        func encode(to encoder: any Encoder) throws {
            try committee.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(memberIds, forKey: .memberIds)
        }

        private enum Key: String, CodingKey { case memberIds }
    }
}
