import Foundation
import GRDB

/// A co-financing line: a funder's part of an action's cost, or of the purpose it states when
/// it is not tied to an action (« 20 % du recrutement du cabinet ONX… »). Exactly one of
/// `amountCents` and `shareBasisPoints` is set; 2000 basis points = 20 %, stored exactly.
public struct FinancingLine: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "financingLine"

    public var id: Int64?
    public var funderId: Int64
    public var actionId: Int64?
    public var purpose: String?
    public var amountCents: Int64?
    public var shareBasisPoints: Int?
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, funderId: Int64, actionId: Int64? = nil, purpose: String? = nil, amountCents: Int64? = nil,
        shareBasisPoints: Int? = nil, notes: String? = nil, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.funderId = funderId
        self.actionId = actionId
        self.purpose = purpose
        self.amountCents = amountCents
        self.shareBasisPoints = shareBasisPoints
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let funderId = Column(CodingKeys.funderId)
        static let actionId = Column(CodingKeys.actionId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.atLeast(funderId, "funderId", 1)
        if let actionId { v.atLeast(actionId, "actionId", 1) }
        v.paragraph(purpose, "purpose", maxLength: 2_000)
        v.require(actionId != nil || purpose != nil, "purpose", "is required when the line is not tied to an action")
        switch (amountCents, shareBasisPoints) {
        case (nil, nil): v.fail("amountCents", "give either amountCents or shareBasisPoints")
        case (.some, .some): v.fail("shareBasisPoints", "give either amountCents or shareBasisPoints, not both")
        case (let amount?, nil): v.cents(amount, "amountCents")
        case (nil, let share?): v.range(share, "shareBasisPoints", 1...10_000)
        }
        v.paragraph(notes, "notes")
    }
}
