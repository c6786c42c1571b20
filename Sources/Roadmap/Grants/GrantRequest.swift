import Foundation
import GRDB

/// A grant request (« demande de subvention ») filed for an action on a funding envelope: how
/// State money actually reaches a project. It is examined, accepted (for up to the amount
/// requested) or refused, then conventioned and paid in instalments (``GrantPayment``). Its
/// beneficiaries (``GrantBeneficiary``) share what it requests and what it is granted.
///
/// How it relates to the allocations that existed before it: an allocation stays what it was,
/// a part of an envelope committed to an action without a request; both draw on the same
/// envelope, whose remainder is its amount − its allocations − the amounts granted by its
/// accepted, conventioned and closed requests. No amount of an allocation is changed or moved.
public struct GrantRequest: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "grantRequest"

    public var id: Int64?
    public var actionId: Int64
    public var envelopeId: Int64
    public var status: GrantStatus
    /// The object of the grant (SCDL `objet`); the action's title when nil.
    public var purpose: String?
    public var requestedCents: Int64
    /// The split of the request between staff and services: both or neither.
    public var staffCents: Int64?
    public var servicesCents: Int64?
    /// Set at acceptance: at most the request.
    public var grantedCents: Int64?
    public var refusalReason: String?
    public var submittedOn: CalendarDate
    public var decidedOn: CalendarDate?
    public var conventionDate: CalendarDate?
    /// SCDL `referenceDecision`.
    public var decisionReference: String?
    public var paymentConditions: PaymentConditions
    public var nature: GrantNature
    /// The planned period of payments (SCDL `datesPeriodeVersement` while none is recorded).
    public var paymentPeriodStart: CalendarDate?
    public var paymentPeriodEnd: CalendarDate?
    /// SCDL `notificationUE`: the aid was notified to the European Commission.
    public var euNotification: Bool
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, actionId: Int64, envelopeId: Int64, status: GrantStatus = .submitted,
        purpose: String? = nil, requestedCents: Int64, staffCents: Int64? = nil, servicesCents: Int64? = nil,
        grantedCents: Int64? = nil, refusalReason: String? = nil, submittedOn: CalendarDate,
        decidedOn: CalendarDate? = nil, conventionDate: CalendarDate? = nil, decisionReference: String? = nil,
        paymentConditions: PaymentConditions = .single, nature: GrantNature = .cash,
        paymentPeriodStart: CalendarDate? = nil, paymentPeriodEnd: CalendarDate? = nil, euNotification: Bool = false,
        notes: String? = nil, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.actionId = actionId
        self.envelopeId = envelopeId
        self.status = status
        self.purpose = purpose
        self.requestedCents = requestedCents
        self.staffCents = staffCents
        self.servicesCents = servicesCents
        self.grantedCents = grantedCents
        self.refusalReason = refusalReason
        self.submittedOn = submittedOn
        self.decidedOn = decidedOn
        self.conventionDate = conventionDate
        self.decisionReference = decisionReference
        self.paymentConditions = paymentConditions
        self.nature = nature
        self.paymentPeriodStart = paymentPeriodStart
        self.paymentPeriodEnd = paymentPeriodEnd
        self.euNotification = euNotification
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let actionId = Column(CodingKeys.actionId)
        static let envelopeId = Column(CodingKeys.envelopeId)
        static let status = Column(CodingKeys.status)
        static let requestedCents = Column(CodingKeys.requestedCents)
        static let grantedCents = Column(CodingKeys.grantedCents)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Field rules that hold whatever the status; the rules of a move are the workflow's
    /// (``GrantWorkflow``).
    func validate(into v: inout Validator) {
        v.atLeast(actionId, "actionId", 1)
        v.atLeast(envelopeId, "envelopeId", 1)
        v.line(purpose, "purpose", maxLength: 256)
        v.cents(requestedCents, "requestedCents")
        if let staffCents { v.cents(staffCents, "staffCents", allowZero: true) }
        if let servicesCents { v.cents(servicesCents, "servicesCents", allowZero: true) }
        switch (staffCents, servicesCents) {
        case (nil, nil): break
        case (let staff?, let services?):
            v.require(
                staff <= Money.maximumCents - services && staff + services == requestedCents, "servicesCents",
                "staffCents + servicesCents must equal requestedCents (\(requestedCents))")
        case (nil, _): v.fail("staffCents", "is required with servicesCents (the split has both parts)")
        case (_, nil): v.fail("servicesCents", "is required with staffCents (the split has both parts)")
        }
        if let grantedCents {
            v.cents(grantedCents, "grantedCents")
            v.require(
                grantedCents <= requestedCents, "grantedCents",
                "must be at most the amount requested (\(requestedCents))")
        }
        v.paragraph(refusalReason, "refusalReason")
        v.line(decisionReference, "decisionReference", maxLength: 100)
        v.paragraph(notes, "notes")
        if let decidedOn { v.require(decidedOn >= submittedOn, "decidedOn", "must not be before submittedOn") }
        if let conventionDate, let decidedOn {
            v.require(conventionDate >= decidedOn, "conventionDate", "must not be before decidedOn")
        }
        if let start = paymentPeriodStart, let end = paymentPeriodEnd {
            v.require(end >= start, "paymentPeriodEnd", "must not be before paymentPeriodStart")
        }
    }
}

/// Where a grant request stands (see ``GrantWorkflow``).
public enum GrantStatus: String, Codable, Sendable, CaseIterable {
    case submitted
    case underReview = "under_review"
    case accepted
    case refused
    case conventioned
    case closed
    case withdrawn

    /// The statuses whose granted amount is drawn from the envelope.
    public static let awarded: [GrantStatus] = [.accepted, .conventioned, .closed]
    /// The statuses whose grant the SCDL file lists.
    public static let published: [GrantStatus] = [.conventioned, .closed]
}

/// How a grant is paid (SCDL `conditionsVersement`).
public enum PaymentConditions: String, Codable, Sendable, CaseIterable {
    case single
    case instalments
    case other
}

/// What a grant gives (SCDL `nature`).
public enum GrantNature: String, Codable, Sendable, CaseIterable {
    case cash
    case inKind = "in_kind"
}

/// A beneficiary of a grant request: a partner, with its part of what is requested and, once
/// accepted, of what is granted (table `grantBeneficiary`, owned by the request).
public struct GrantBeneficiary: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "grantBeneficiary"

    public var grantId: Int64
    public var partnerId: Int64
    /// Its place in the request's list, from 0.
    public var position: Int
    public var requestedCents: Int64
    public var grantedCents: Int64?

    public enum Columns {
        static let grantId = Column(CodingKeys.grantId)
        static let partnerId = Column(CodingKeys.partnerId)
        static let position = Column(CodingKeys.position)
    }
}

/// A payment (« versement ») of a conventioned grant: a dated instalment. The payments of a
/// grant never add up to more than what it was granted.
public struct GrantPayment: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "grantPayment"

    public var id: Int64?
    public var grantId: Int64
    public var paidOn: CalendarDate
    public var amountCents: Int64
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, grantId: Int64, paidOn: CalendarDate, amountCents: Int64, notes: String? = nil,
        createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.grantId = grantId
        self.paidOn = paidOn
        self.amountCents = amountCents
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let grantId = Column(CodingKeys.grantId)
        static let paidOn = Column(CodingKeys.paidOn)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.cents(amountCents, "amountCents")
        v.paragraph(notes, "notes")
    }
}
