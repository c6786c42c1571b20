import Foundation

/// A beneficiary named in a request: a partner and its part of the amount requested.
public struct BeneficiaryInput: Sendable, Equatable {
    public var partnerId: Int64
    public var requestedCents: Int64

    public init(partnerId: Int64, requestedCents: Int64) {
        self.partnerId = partnerId
        self.requestedCents = requestedCents
    }
}

/// A new grant request. It starts as `submitted`.
public struct GrantInput: Sendable, Equatable {
    public var actionId: Int64
    public var envelopeId: Int64
    public var purpose: String?
    public var requestedCents: Int64
    public var staffCents: Int64?
    public var servicesCents: Int64?
    public var beneficiaries: [BeneficiaryInput]
    /// Today when nil.
    public var submittedOn: String?
    public var decisionReference: String?
    public var paymentConditions: PaymentConditions
    public var nature: GrantNature
    public var paymentPeriodStart: String?
    public var paymentPeriodEnd: String?
    public var euNotification: Bool
    public var notes: String?

    public init(
        actionId: Int64, envelopeId: Int64, purpose: String? = nil, requestedCents: Int64, staffCents: Int64? = nil,
        servicesCents: Int64? = nil, beneficiaries: [BeneficiaryInput], submittedOn: String? = nil,
        decisionReference: String? = nil, paymentConditions: PaymentConditions = .single, nature: GrantNature = .cash,
        paymentPeriodStart: String? = nil, paymentPeriodEnd: String? = nil, euNotification: Bool = false,
        notes: String? = nil
    ) {
        self.actionId = actionId
        self.envelopeId = envelopeId
        self.purpose = purpose
        self.requestedCents = requestedCents
        self.staffCents = staffCents
        self.servicesCents = servicesCents
        self.beneficiaries = beneficiaries
        self.submittedOn = submittedOn
        self.decisionReference = decisionReference
        self.paymentConditions = paymentConditions
        self.nature = nature
        self.paymentPeriodStart = paymentPeriodStart
        self.paymentPeriodEnd = paymentPeriodEnd
        self.euNotification = euNotification
        self.notes = notes
    }

    /// The request as a record; dates that do not parse are faults in `v`.
    func record(today: CalendarDate, _ v: inout Validator) -> GrantRequest {
        GrantRequest(
            actionId: actionId, envelopeId: envelopeId, purpose: purpose, requestedCents: requestedCents,
            staffCents: staffCents, servicesCents: servicesCents,
            submittedOn: submittedOn.map { v.date($0, "submittedOn") ?? today } ?? today,
            decisionReference: decisionReference, paymentConditions: paymentConditions, nature: nature,
            paymentPeriodStart: v.date(paymentPeriodStart, "paymentPeriodStart"),
            paymentPeriodEnd: v.date(paymentPeriodEnd, "paymentPeriodEnd"), euNotification: euNotification,
            notes: notes)
    }
}

/// A change of a grant request (JSON merge patch). A new `status` follows the workflow, with
/// what that move needs: `grantedCents` to accept, `refusalReason` to refuse, `conventionDate`
/// to convention.
public struct GrantPatch: Sendable, Equatable {
    public var status: Patch<GrantStatus> = .keep
    public var grantedCents: Patch<Int64> = .keep
    public var refusalReason: Patch<String> = .keep
    public var decidedOn: Patch<String> = .keep
    public var conventionDate: Patch<String> = .keep
    public var decisionReference: Patch<String?> = .keep
    public var purpose: Patch<String?> = .keep
    public var requestedCents: Patch<Int64> = .keep
    public var staffCents: Patch<Int64?> = .keep
    public var servicesCents: Patch<Int64?> = .keep
    public var beneficiaries: Patch<[BeneficiaryInput]> = .keep
    public var paymentConditions: Patch<PaymentConditions> = .keep
    public var nature: Patch<GrantNature> = .keep
    public var paymentPeriodStart: Patch<String?> = .keep
    public var paymentPeriodEnd: Patch<String?> = .keep
    public var euNotification: Patch<Bool> = .keep
    public var notes: Patch<String?> = .keep

    public init() {}

    /// Writes the patched fields into `grant` (status and decision fields as asked: the service
    /// checks the workflow and what each move needs); a date that does not parse is a fault.
    func apply(to grant: inout GrantRequest, _ v: inout Validator) {
        status.apply(to: &grant.status)
        if let cents = grantedCents.newValue { grant.grantedCents = cents }
        if let reason = refusalReason.newValue { grant.refusalReason = reason }
        if let text = decidedOn.newValue { grant.decidedOn = v.date(text, "decidedOn") }
        if let text = conventionDate.newValue { grant.conventionDate = v.date(text, "conventionDate") }
        decisionReference.apply(to: &grant.decisionReference)
        purpose.apply(to: &grant.purpose)
        requestedCents.apply(to: &grant.requestedCents)
        staffCents.apply(to: &grant.staffCents)
        servicesCents.apply(to: &grant.servicesCents)
        paymentConditions.apply(to: &grant.paymentConditions)
        nature.apply(to: &grant.nature)
        if let text = paymentPeriodStart.newValue {
            grant.paymentPeriodStart = text.flatMap { v.date($0, "paymentPeriodStart") }
        }
        if let text = paymentPeriodEnd.newValue {
            grant.paymentPeriodEnd = text.flatMap { v.date($0, "paymentPeriodEnd") }
        }
        euNotification.apply(to: &grant.euNotification)
        notes.apply(to: &grant.notes)
    }
}

/// A new payment of a grant.
public struct PaymentInput: Sendable, Equatable {
    public var paidOn: String
    public var amountCents: Int64
    public var notes: String?

    public init(paidOn: String, amountCents: Int64, notes: String? = nil) {
        self.paidOn = paidOn
        self.amountCents = amountCents
        self.notes = notes
    }
}

/// Which grant requests to list, by id.
public struct GrantQuery: Sendable, Equatable {
    /// Only these requests (``ListIds``); empty for all.
    public var ids: [Int64] = []
    public var envelopeId: Int64?
    public var actionId: Int64?
    /// A beneficiary.
    public var partnerId: Int64?
    public var statuses: [GrantStatus] = []
    public var page: PageRequest

    public init(page: PageRequest) {
        self.page = page
    }
}

/// A grant request with its beneficiaries (named) and what has been paid.
public struct GrantDetail: Sendable, Equatable {
    /// A beneficiary with its partner's name.
    public struct Beneficiary: Sendable, Equatable {
        public var partnerId: Int64
        public var partnerName: String
        public var requestedCents: Int64
        public var grantedCents: Int64?
    }

    public var grant: GrantRequest
    public var beneficiaries: [Beneficiary]
    public var paidCents: Int64
    /// The committees' decisions that concern it, by meeting start (derived, as an action's).
    public var decisions: [DecisionMention] = []
    /// Granted − paid, once accepted.
    public var remainingToPayCents: Int64? { grant.grantedCents.map { $0 - paidCents } }

    /// How the change log shows a request: its fields and its beneficiaries (payments have
    /// their own entries; names and paid amounts are derived).
    struct LogEntry: Encodable {
        let grant: GrantRequest
        let beneficiaries: [GrantBeneficiary]

        func encode(to encoder: any Encoder) throws {
            try grant.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(beneficiaries.map(Logged.init), forKey: .beneficiaries)
        }

        private enum Key: String, CodingKey { case beneficiaries }

        private struct Logged: Encodable {
            let partnerId: Int64
            let requestedCents: Int64
            let grantedCents: Int64?

            init(_ beneficiary: GrantBeneficiary) {
                partnerId = beneficiary.partnerId
                requestedCents = beneficiary.requestedCents
                grantedCents = beneficiary.grantedCents
            }
        }
    }
}
