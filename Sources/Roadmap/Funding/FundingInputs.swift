import Foundation

/// A new envelope. Dates are ISO 8601 days, checked by the service.
public struct EnvelopeInput: Sendable, Equatable {
    public var funderId: Int64
    public var label: String
    public var purpose: String?
    public var amountCents: Int64
    public var year: Int?
    public var validFrom: String?
    public var validUntil: String?
    public var axisId: Int64?
    public var grantedOn: String?
    public var notes: String?

    public init(
        funderId: Int64, label: String, purpose: String? = nil, amountCents: Int64, year: Int? = nil,
        validFrom: String? = nil,
        validUntil: String? = nil, axisId: Int64? = nil, grantedOn: String? = nil, notes: String? = nil
    ) {
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
    }
}

extension EnvelopeInput {
    /// The new envelope, before it is validated and stamped; a date that does not parse is a
    /// fault in `v`.
    func record(_ v: inout Validator) -> FundingEnvelope {
        FundingEnvelope(
            funderId: funderId, label: label, purpose: purpose, amountCents: amountCents, year: year,
            validFrom: v.date(validFrom, "validFrom"), validUntil: v.date(validUntil, "validUntil"), axisId: axisId,
            grantedOn: v.date(grantedOn, "grantedOn"), notes: notes)
    }
}

/// A change to an envelope (merge patch).
public struct EnvelopePatch: Sendable, Equatable {
    public var funderId: Patch<Int64> = .keep
    public var label: Patch<String> = .keep
    public var purpose: Patch<String?> = .keep
    public var amountCents: Patch<Int64> = .keep
    public var year: Patch<Int?> = .keep
    public var validFrom: Patch<String?> = .keep
    public var validUntil: Patch<String?> = .keep
    public var axisId: Patch<Int64?> = .keep
    public var grantedOn: Patch<String?> = .keep
    public var notes: Patch<String?> = .keep

    public init() {}
}

extension EnvelopePatch {
    func apply(to envelope: inout FundingEnvelope, _ v: inout Validator) {
        funderId.apply(to: &envelope.funderId)
        label.apply(to: &envelope.label)
        purpose.apply(to: &envelope.purpose)
        amountCents.apply(to: &envelope.amountCents)
        year.apply(to: &envelope.year)
        if let text = validFrom.newValue { envelope.validFrom = v.date(text, "validFrom") }
        if let text = validUntil.newValue { envelope.validUntil = v.date(text, "validUntil") }
        if let text = grantedOn.newValue { envelope.grantedOn = v.date(text, "grantedOn") }
        axisId.apply(to: &envelope.axisId)
        notes.apply(to: &envelope.notes)
    }
}

/// A new allocation: part of an envelope committed to an action.
public struct AllocationInput: Sendable, Equatable {
    public var actionId: Int64
    public var amountCents: Int64
    public var notes: String?

    public init(actionId: Int64, amountCents: Int64, notes: String? = nil) {
        self.actionId = actionId
        self.amountCents = amountCents
        self.notes = notes
    }

    /// The new allocation from envelope `envelopeId`, before it is validated and stamped.
    func record(envelopeId: Int64) -> FundingAllocation {
        FundingAllocation(envelopeId: envelopeId, actionId: actionId, amountCents: amountCents, notes: notes)
    }
}

/// A change to an allocation (merge patch): its amount, within the envelope, or its notes.
public struct AllocationPatch: Sendable, Equatable {
    public var amountCents: Patch<Int64> = .keep
    public var notes: Patch<String?> = .keep

    public init() {}

    func apply(to allocation: inout FundingAllocation) {
        amountCents.apply(to: &allocation.amountCents)
        notes.apply(to: &allocation.notes)
    }
}

/// Which envelopes to list.
public struct EnvelopeQuery: Sendable, Equatable {
    /// Only these envelopes (``ListIds``); empty for all.
    public var ids: [Int64]
    public var funderId: Int64?
    public var axisId: Int64?
    public var year: Int?
    public var page: PageRequest

    public init(
        ids: [Int64] = [], funderId: Int64? = nil, axisId: Int64? = nil, year: Int? = nil, page: PageRequest
    ) {
        self.ids = ids
        self.funderId = funderId
        self.axisId = axisId
        self.year = year
        self.page = page
    }
}

/// An envelope with what is committed from it and what remains.
public struct EnvelopeDetail: Sendable, Equatable {
    public var envelope: FundingEnvelope
    public var funderName: String
    public var allocatedCents: Int64
    /// What its grant requests ask for, withdrawn ones excluded.
    public var requestedCents: Int64 = 0
    /// What its accepted, conventioned and closed grant requests were granted.
    public var awardedCents: Int64 = 0
    /// What has been paid of those grants.
    public var paidCents: Int64 = 0
    /// The amount − allocated − awarded: what can still be allocated or granted.
    public var remainingCents: Int64 { envelope.amountCents - allocatedCents - awardedCents }
}

/// A new co-financing line: a funder's part of an action's cost (or of the stated purpose),
/// as exactly one of an amount or a share.
public struct FinancingLineInput: Sendable, Equatable {
    public var funderId: Int64
    public var actionId: Int64?
    public var purpose: String?
    public var amountCents: Int64?
    public var shareBasisPoints: Int?
    public var notes: String?

    public init(
        funderId: Int64, actionId: Int64? = nil, purpose: String? = nil, amountCents: Int64? = nil,
        shareBasisPoints: Int? = nil, notes: String? = nil
    ) {
        self.funderId = funderId
        self.actionId = actionId
        self.purpose = purpose
        self.amountCents = amountCents
        self.shareBasisPoints = shareBasisPoints
        self.notes = notes
    }
}

extension FinancingLineInput {
    /// The new line, before it is validated and stamped.
    var record: FinancingLine {
        FinancingLine(
            funderId: funderId, actionId: actionId, purpose: purpose, amountCents: amountCents,
            shareBasisPoints: shareBasisPoints, notes: notes)
    }
}

/// A change to a co-financing line (merge patch). Setting `amountCents` clears the share and
/// the reverse, so that a line always has exactly one of them.
public struct FinancingLinePatch: Sendable, Equatable {
    public var funderId: Patch<Int64> = .keep
    public var purpose: Patch<String?> = .keep
    public var amountCents: Patch<Int64> = .keep
    public var shareBasisPoints: Patch<Int> = .keep
    public var notes: Patch<String?> = .keep

    public init() {}
}

extension FinancingLinePatch {
    /// Writes the patched fields into `line`; a patch giving both an amount and a share is a
    /// fault in `v` (the line would keep only one).
    func apply(to line: inout FinancingLine, _ v: inout Validator) {
        funderId.apply(to: &line.funderId)
        purpose.apply(to: &line.purpose)
        if amountCents.newValue != nil, shareBasisPoints.newValue != nil {
            v.fail("shareBasisPoints", "give either amountCents or shareBasisPoints, not both")
        }
        if let amount = amountCents.newValue {
            line.amountCents = amount
            line.shareBasisPoints = nil
        }
        if let share = shareBasisPoints.newValue {
            line.shareBasisPoints = share
            line.amountCents = nil
        }
        notes.apply(to: &line.notes)
    }
}

/// A co-financing line with its funder's name and, for a share, the amount it stands for.
public struct FinancingLineDetail: Sendable, Equatable {
    public var line: FinancingLine
    public var funderName: String
    /// For a share of an action with a budget: its part of the budget, apportioned so that the
    /// action's shares add up exactly (see `Money.apportion`).
    public var derivedAmountCents: Int64?
}

/// How an action is financed: its allocations and co-financing lines, and its coverage.
public struct ActionFinancingPlan: Sendable, Equatable {
    public var actionId: Int64
    public var title: String
    public var budgetCents: Int64?
    public var allocations: [FundingAllocation]
    public var lines: [FinancingLineDetail]
    /// The action's grant requests, by id.
    public var grants: [GrantDetail]
    /// What its accepted, conventioned and closed grants were granted, and what was paid.
    public var awardedCents: Int64
    public var paidCents: Int64
    /// Allocations + granted amounts + line amounts + amounts derived from shares.
    public var financedCents: Int64
    /// financed / budget in basis points, rounded down; nil without a budget.
    public var coverageBasisPoints: Int?
    public var shareBasisPoints: Int
}

/// Granted, allocated and remaining, for one funder, envelope or axis, or overall.
public struct FundingTotals: Sendable, Equatable {
    /// The envelopes' amounts.
    public var grantedCents: Int64 = 0
    public var allocatedCents: Int64 = 0
    public var requestedCents: Int64 = 0
    public var awardedCents: Int64 = 0
    public var paidCents: Int64 = 0
    /// granted = allocated + awarded + remaining.
    public var remainingCents: Int64 { grantedCents - allocatedCents - awardedCents }

    public init(
        grantedCents: Int64 = 0, allocatedCents: Int64 = 0, requestedCents: Int64 = 0, awardedCents: Int64 = 0,
        paidCents: Int64 = 0
    ) {
        self.grantedCents = grantedCents
        self.allocatedCents = allocatedCents
        self.requestedCents = requestedCents
        self.awardedCents = awardedCents
        self.paidCents = paidCents
    }

    /// Adds an envelope's amounts.
    mutating func add(_ detail: EnvelopeDetail) {
        grantedCents += detail.envelope.amountCents
        allocatedCents += detail.allocatedCents
        requestedCents += detail.requestedCents
        awardedCents += detail.awardedCents
        paidCents += detail.paidCents
    }
}

/// The ledger at a glance.
public struct FundingSummary: Sendable, Equatable {
    public var overall: FundingTotals
    public var byFunder: [(funderId: Int64, funderName: String, totals: FundingTotals)]
    public var byEnvelope: [EnvelopeDetail]
    /// By the envelope's axis; nil for envelopes of the whole roadmap.
    public var byAxis: [(axisId: Int64?, totals: FundingTotals)]
    /// Co-financing lines not tied to an action (« 20 % du recrutement… »).
    public var contributions: [FinancingLineDetail]
    public var plans: [ActionFinancingPlan]

    public static func == (lhs: FundingSummary, rhs: FundingSummary) -> Bool {
        lhs.overall == rhs.overall && lhs.byEnvelope == rhs.byEnvelope && lhs.plans == rhs.plans
            && lhs.byFunder.map(\.funderId) == rhs.byFunder.map(\.funderId)
            && lhs.byFunder.map(\.totals) == rhs.byFunder.map(\.totals)
            && lhs.byAxis.map(\.axisId) == rhs.byAxis.map(\.axisId)
            && lhs.byAxis.map(\.totals) == rhs.byAxis.map(\.totals)
            && lhs.contributions == rhs.contributions
    }
}
