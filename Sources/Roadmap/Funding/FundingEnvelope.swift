import Foundation
import GRDB

/// Money granted by a funder (a partner): an amount in euro cents, for a purpose.
public struct FundingEnvelope: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "fundingEnvelope"

    public var id: Int64?
    public var funderId: Int64
    public var label: String
    public var purpose: String?
    /// Euro cents, more than zero.
    public var amountCents: Int64
    public var year: Int?
    public var validFrom: CalendarDate?
    public var validUntil: CalendarDate?
    public var axisId: Int64?
    /// Date of the grant decision or agreement (SCDL `dateConvention`).
    public var grantedOn: CalendarDate?
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, funderId: Int64, label: String, purpose: String? = nil, amountCents: Int64, year: Int? = nil,
        validFrom: CalendarDate? = nil, validUntil: CalendarDate? = nil, axisId: Int64? = nil,
        grantedOn: CalendarDate? = nil, notes: String? = nil, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.funderId = funderId
        self.label = label
        self.purpose = purpose
        self.amountCents = amountCents
        self.year = year
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.axisId = axisId
        self.grantedOn = grantedOn
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let funderId = Column(CodingKeys.funderId)
        static let axisId = Column(CodingKeys.axisId)
        static let amountCents = Column(CodingKeys.amountCents)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static let years = 2000...2100

    func validate(into v: inout Validator) {
        v.atLeast(funderId, "funderId", 1)
        v.line(label, "label")
        v.paragraph(purpose, "purpose")
        v.cents(amountCents, "amountCents")
        if let year { v.range(year, "year", FundingEnvelope.years) }
        if let axisId { v.atLeast(axisId, "axisId", 1) }
        v.paragraph(notes, "notes")
        if let validFrom, let validUntil {
            v.require(validUntil >= validFrom, "validUntil", "must not be before validFrom (\(validFrom))")
        }
    }
}
