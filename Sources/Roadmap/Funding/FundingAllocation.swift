import Foundation
import GRDB

/// Part of an envelope committed to an action, in euro cents. The allocations of an envelope
/// never add up to more than the envelope.
public struct FundingAllocation: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "fundingAllocation"

    public var id: Int64?
    public var envelopeId: Int64
    public var actionId: Int64
    /// Euro cents, more than zero.
    public var amountCents: Int64
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, envelopeId: Int64, actionId: Int64, amountCents: Int64, notes: String? = nil,
        createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.envelopeId = envelopeId
        self.actionId = actionId
        self.amountCents = amountCents
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let envelopeId = Column(CodingKeys.envelopeId)
        static let actionId = Column(CodingKeys.actionId)
        static let amountCents = Column(CodingKeys.amountCents)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.atLeast(actionId, "actionId", 1)
        v.cents(amountCents, "amountCents")
        v.paragraph(notes, "notes")
    }
}
