import Roadmap
import RoadmapAPI

extension Components.Schemas.Envelope {
    init(_ detail: EnvelopeDetail) {
        let envelope = detail.envelope
        self.init(
            id: envelope.id!, funderId: envelope.funderId, funderName: detail.funderName, label: envelope.label,
            purpose: envelope.purpose,
            amountCents: envelope.amountCents, allocatedCents: detail.allocatedCents,
            requestedCents: detail.requestedCents, awardedCents: detail.awardedCents, paidCents: detail.paidCents,
            remainingCents: detail.remainingCents, year: envelope.year,
            validFrom: envelope.validFrom?.description, validUntil: envelope.validUntil?.description,
            axisId: envelope.axisId,
            grantedOn: envelope.grantedOn?.description, notes: envelope.notes, createdAt: envelope.createdAt,
            updatedAt: envelope.updatedAt)
    }
}

extension EnvelopeInput {
    init(_ body: Components.Schemas.EnvelopeCreate) {
        self.init(
            funderId: body.funderId, label: body.label, purpose: body.purpose, amountCents: body.amountCents,
            year: body.year,
            validFrom: body.validFrom, validUntil: body.validUntil, axisId: body.axisId, grantedOn: body.grantedOn,
            notes: body.notes)
    }
}

extension AllocationInput {
    init(_ body: Components.Schemas.AllocationCreate) {
        self.init(actionId: body.actionId, amountCents: body.amountCents, notes: body.notes)
    }
}

extension AllocationPatch {
    init(_ body: Components.Schemas.AllocationPatch) throws {
        var reader = PatchReader(Components.Schemas.AllocationPatch.CodingKeys.self)
        self.init()
        amountCents = reader.required(body.amountCents, .amountCents)
        notes = reader.optional(body.notes, .notes)
        try reader.finish()
    }
}

extension EnvelopePatch {
    init(_ body: Components.Schemas.EnvelopePatch) throws {
        var reader = PatchReader(Components.Schemas.EnvelopePatch.CodingKeys.self)
        self.init()
        funderId = reader.required(body.funderId, .funderId)
        label = reader.required(body.label, .label)
        purpose = reader.optional(body.purpose, .purpose)
        amountCents = reader.required(body.amountCents, .amountCents)
        year = reader.optional(body.year, .year)
        validFrom = reader.optional(body.validFrom, .validFrom)
        validUntil = reader.optional(body.validUntil, .validUntil)
        axisId = reader.optional(body.axisId, .axisId)
        grantedOn = reader.optional(body.grantedOn, .grantedOn)
        notes = reader.optional(body.notes, .notes)
        try reader.finish()
    }
}

extension Components.Schemas.Allocation {
    init(_ allocation: FundingAllocation) {
        self.init(
            id: allocation.id!, envelopeId: allocation.envelopeId, actionId: allocation.actionId,
            amountCents: allocation.amountCents,
            notes: allocation.notes, createdAt: allocation.createdAt, updatedAt: allocation.updatedAt)
    }
}

extension Components.Schemas.FinancingLine {
    init(_ detail: FinancingLineDetail) {
        let line = detail.line
        self.init(
            id: line.id!, funderId: line.funderId, funderName: detail.funderName, actionId: line.actionId,
            purpose: line.purpose,
            amountCents: line.amountCents, shareBasisPoints: line.shareBasisPoints,
            derivedAmountCents: detail.derivedAmountCents,
            notes: line.notes, createdAt: line.createdAt, updatedAt: line.updatedAt)
    }
}

extension FinancingLinePatch {
    init(_ body: Components.Schemas.FinancingLinePatch) throws {
        var reader = PatchReader(Components.Schemas.FinancingLinePatch.CodingKeys.self)
        self.init()
        funderId = reader.required(body.funderId, .funderId)
        purpose = reader.optional(body.purpose, .purpose)
        amountCents = reader.required(body.amountCents, .amountCents)
        shareBasisPoints = reader.required(body.shareBasisPoints, .shareBasisPoints)
        notes = reader.optional(body.notes, .notes)
        try reader.finish()
    }
}

extension Components.Schemas.FinancingPlan {
    init(_ plan: ActionFinancingPlan) {
        self.init(
            actionId: plan.actionId, title: plan.title, budgetCents: plan.budgetCents,
            allocations: plan.allocations.map(Components.Schemas.Allocation.init),
            lines: plan.lines.map(Components.Schemas.FinancingLine.init),
            grants: plan.grants.map(Components.Schemas.Grant.init), awardedCents: plan.awardedCents,
            paidCents: plan.paidCents, financedCents: plan.financedCents,
            coverageBasisPoints: plan.coverageBasisPoints, shareBasisPoints: plan.shareBasisPoints)
    }
}

extension Components.Schemas.FundingSummary {
    init(_ summary: FundingSummary) {
        self.init(
            overall: .init(summary.overall),
            byFunder: summary.byFunder.map {
                let totals = $0.totals
                return .init(
                    funderId: $0.funderId, funderName: $0.funderName, grantedCents: totals.grantedCents,
                    allocatedCents: totals.allocatedCents, requestedCents: totals.requestedCents,
                    awardedCents: totals.awardedCents, paidCents: totals.paidCents,
                    remainingCents: totals.remainingCents)
            },
            byEnvelope: summary.byEnvelope.map(Components.Schemas.Envelope.init),
            byAxis: summary.byAxis.map {
                let totals = $0.totals
                return .init(
                    axisId: $0.axisId, grantedCents: totals.grantedCents, allocatedCents: totals.allocatedCents,
                    requestedCents: totals.requestedCents, awardedCents: totals.awardedCents,
                    paidCents: totals.paidCents,
                    remainingCents: totals.remainingCents)
            },
            contributions: summary.contributions.map(Components.Schemas.FinancingLine.init),
            plans: summary.plans.map(Components.Schemas.FinancingPlan.init))
    }
}

extension Components.Schemas.FundingTotals {
    init(_ totals: FundingTotals) {
        self.init(
            grantedCents: totals.grantedCents, allocatedCents: totals.allocatedCents,
            requestedCents: totals.requestedCents, awardedCents: totals.awardedCents, paidCents: totals.paidCents,
            remainingCents: totals.remainingCents)
    }
}
