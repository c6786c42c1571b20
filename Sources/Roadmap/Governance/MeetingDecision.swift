import Foundation
import GRDB

/// A decision recorded at a committee meeting (« relevé de décisions »): its text, and the
/// actions and grant requests it concerns (``DecisionDetail``).
public struct MeetingDecision: Codable, Sendable, Equatable, Identifiable, FetchableRecord,
    MutablePersistableRecord, AuditedRecord
{
    public static let databaseTableName = "meetingDecision"

    public var id: Int64?
    public var meetingId: Int64
    public var text: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, meetingId: Int64, text: String, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.meetingId = meetingId
        self.text = text
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let meetingId = Column(CodingKeys.meetingId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.paragraph(text, "text")
    }
}

/// An action a decision concerns (table `decisionAction`).
struct DecisionAction: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "decisionAction"
    var decisionId: Int64
    var actionId: Int64

    enum Columns {
        static let decisionId = Column(CodingKeys.decisionId)
        static let actionId = Column(CodingKeys.actionId)
    }
}

/// A grant request a decision concerns (table `decisionGrant`).
struct DecisionGrant: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "decisionGrant"
    var decisionId: Int64
    var grantId: Int64

    enum Columns {
        static let decisionId = Column(CodingKeys.decisionId)
        static let grantId = Column(CodingKeys.grantId)
    }
}

/// A decision with where it was taken and what it concerns.
public struct DecisionDetail: Sendable, Equatable {
    public var decision: MeetingDecision
    public var committeeId: Int64
    /// The actions it concerns, by id.
    public var actionIds: [Int64]
    /// The grant requests it concerns, by id.
    public var grantIds: [Int64]

    /// How the change log shows a decision: its fields, its committee (its path has it) and
    /// what it concerns.
    struct LogEntry: Encodable {
        let detail: DecisionDetail

        func encode(to encoder: any Encoder) throws {
            try detail.decision.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(detail.committeeId, forKey: .committeeId)
            try container.encode(detail.actionIds, forKey: .actionIds)
            try container.encode(detail.grantIds, forKey: .grantIds)
        }

        private enum Key: String, CodingKey { case committeeId, actionIds, grantIds }
    }
}

/// A decision as an action shows it: what was decided, by which committee, at which meeting.
public struct DecisionMention: Sendable, Equatable {
    public var decisionId: Int64
    public var committeeId: Int64
    public var committeeName: String
    public var meetingId: Int64
    /// The meeting's start, as sent.
    public var meetingStartsAt: String
    public var text: String
}
