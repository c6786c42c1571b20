import Foundation
import GRDB

/// An operational action of the roadmap, proposed by a working group under one axis.
public struct Action: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "action"

    public var id: Int64?
    public var axisId: Int64
    /// The working group it comes from; must belong to the same axis.
    public var groupId: Int64?
    /// The « porteur ».
    public var leadPartnerId: Int64?
    public var title: String { didSet { titleKey = TextKey.fold(title) } }
    /// `TextKey.fold(title)`, kept in step by `title`: titles sort ignoring case and accents.
    public var titleKey: String
    public var description: String?
    public var status: ActionStatus
    public var startOn: CalendarDate?
    /// Not before `startOn`.
    public var endOn: CalendarDate?
    /// Euro cents, 0 or more.
    public var budgetCents: Int64?
    public var targetAudience: String?
    public var notes: String?
    /// 0–10000, kept in step with the indicators by the service.
    public var progressBasisPoints: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, axisId: Int64, groupId: Int64? = nil, leadPartnerId: Int64? = nil, title: String,
        description: String? = nil, status: ActionStatus = .draft, startOn: CalendarDate? = nil,
        endOn: CalendarDate? = nil, budgetCents: Int64? = nil, targetAudience: String? = nil, notes: String? = nil,
        progressBasisPoints: Int = 0, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.axisId = axisId
        self.groupId = groupId
        self.leadPartnerId = leadPartnerId
        self.title = title
        self.titleKey = TextKey.fold(title)
        self.description = description
        self.status = status
        self.startOn = startOn
        self.endOn = endOn
        self.budgetCents = budgetCents
        self.targetAudience = targetAudience
        self.notes = notes
        self.progressBasisPoints = progressBasisPoints
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Read from a row by hand rather than through `Decodable`: a page of actions decodes
    /// fifty rows of fifteen columns, and GRDB's row decoder was a fifth of its cost (issue 18).
    /// Same columns, same values. An unknown status (the table's CHECK forbids it) fails this
    /// read only, as the decoder did: not `SQLITE_CORRUPT`, which would stop every later write.
    public init(row: Row) throws {
        id = row["id"]
        axisId = row["axisId"]
        groupId = row["groupId"]
        leadPartnerId = row["leadPartnerId"]
        title = row["title"]
        titleKey = row["titleKey"]
        description = row["description"]
        let statusText: String = row["status"]
        guard let status = ActionStatus(rawValue: statusText) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "action status \(statusText) is unknown")
        }
        self.status = status
        startOn = row["startOn"]
        endOn = row["endOn"]
        budgetCents = row["budgetCents"]
        targetAudience = row["targetAudience"]
        notes = row["notes"]
        progressBasisPoints = row["progressBasisPoints"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let axisId = Column(CodingKeys.axisId)
        static let groupId = Column(CodingKeys.groupId)
        static let leadPartnerId = Column(CodingKeys.leadPartnerId)
        static let title = Column(CodingKeys.title)
        static let titleKey = Column(CodingKeys.titleKey)
        static let status = Column(CodingKeys.status)
        static let startOn = Column(CodingKeys.startOn)
        static let endOn = Column(CodingKeys.endOn)
        static let budgetCents = Column(CodingKeys.budgetCents)
        static let progressBasisPoints = Column(CodingKeys.progressBasisPoints)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.atLeast(axisId, "axisId", 1)
        if let groupId { v.atLeast(groupId, "groupId", 1) }
        if let leadPartnerId { v.atLeast(leadPartnerId, "leadPartnerId", 1) }
        v.line(title, "title")
        v.paragraph(description, "description")
        v.paragraph(targetAudience, "targetAudience", maxLength: 2_000)
        v.paragraph(notes, "notes")
        if let budgetCents { v.cents(budgetCents, "budgetCents", allowZero: true) }
        if let startOn, let endOn { v.require(endOn >= startOn, "endOn", "must not be before startOn (\(startOn))") }
    }
}

/// Where an action stands.
public enum ActionStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case planned
    case inProgress = "in_progress"
    case done
    case abandoned
}

/// A contributing partner of an action (table `actionPartner`).
public struct ActionPartner: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "actionPartner"

    public var actionId: Int64
    public var partnerId: Int64

    public init(actionId: Int64, partnerId: Int64) {
        self.actionId = actionId
        self.partnerId = partnerId
    }

    public enum Columns {
        static let actionId = Column(CodingKeys.actionId)
        static let partnerId = Column(CodingKeys.partnerId)
    }
}
