import Roadmap
import RoadmapAPI

extension Components.Schemas.Grant {
    init(_ detail: GrantDetail) {
        let grant = detail.grant
        self.init(
            id: grant.id!, actionId: grant.actionId, envelopeId: grant.envelopeId,
            status: .init(mirroring: grant.status),
            allowedTransitions: GrantWorkflow.next(from: grant.status).map(
                Components.Schemas.GrantStatus.init(mirroring:)),
            purpose: grant.purpose, requestedCents: grant.requestedCents, staffCents: grant.staffCents,
            servicesCents: grant.servicesCents,
            beneficiaries: detail.beneficiaries.map {
                .init(
                    partnerId: $0.partnerId, partnerName: $0.partnerName, requestedCents: $0.requestedCents,
                    grantedCents: $0.grantedCents)
            },
            grantedCents: grant.grantedCents, refusalReason: grant.refusalReason,
            submittedOn: grant.submittedOn.description, decidedOn: grant.decidedOn?.description,
            conventionDate: grant.conventionDate?.description, decisionReference: grant.decisionReference,
            paymentConditions: .init(mirroring: grant.paymentConditions), nature: .init(mirroring: grant.nature),
            paymentPeriodStart: grant.paymentPeriodStart?.description,
            paymentPeriodEnd: grant.paymentPeriodEnd?.description, euNotification: grant.euNotification,
            notes: grant.notes, paidCents: detail.paidCents, remainingToPayCents: detail.remainingToPayCents,
            decisions: detail.decisions.isEmpty ? nil : detail.decisions.map(Components.Schemas.DecisionMention.init),
            createdAt: grant.createdAt, updatedAt: grant.updatedAt)
    }
}

extension BeneficiaryInput {
    init(_ body: Components.Schemas.GrantBeneficiaryInput) {
        self.init(partnerId: body.partnerId, requestedCents: body.requestedCents)
    }
}

extension GrantInput {
    init(_ body: Components.Schemas.GrantCreate) {
        self.init(
            actionId: body.actionId, envelopeId: body.envelopeId, purpose: body.purpose,
            requestedCents: body.requestedCents, staffCents: body.staffCents, servicesCents: body.servicesCents,
            beneficiaries: body.beneficiaries.map(BeneficiaryInput.init), submittedOn: body.submittedOn,
            decisionReference: body.decisionReference,
            paymentConditions: body.paymentConditions.map(PaymentConditions.init(mirroring:)) ?? .single,
            nature: body.nature.map(GrantNature.init(mirroring:)) ?? .cash,
            paymentPeriodStart: body.paymentPeriodStart, paymentPeriodEnd: body.paymentPeriodEnd,
            euNotification: body.euNotification ?? false, notes: body.notes)
    }
}

extension GrantPatch {
    init(_ body: Components.Schemas.GrantPatch) throws {
        var reader = PatchReader(Components.Schemas.GrantPatch.CodingKeys.self)
        self.init()
        status = reader.required(body.status.map(GrantStatus.init(mirroring:)), .status)
        grantedCents = reader.required(body.grantedCents, .grantedCents)
        refusalReason = reader.required(body.refusalReason, .refusalReason)
        decidedOn = reader.required(body.decidedOn, .decidedOn)
        conventionDate = reader.required(body.conventionDate, .conventionDate)
        decisionReference = reader.optional(body.decisionReference, .decisionReference)
        purpose = reader.optional(body.purpose, .purpose)
        requestedCents = reader.required(body.requestedCents, .requestedCents)
        staffCents = reader.optional(body.staffCents, .staffCents)
        servicesCents = reader.optional(body.servicesCents, .servicesCents)
        beneficiaries = reader.required(body.beneficiaries?.map(BeneficiaryInput.init), .beneficiaries)
        paymentConditions = reader.required(
            body.paymentConditions.map(PaymentConditions.init(mirroring:)), .paymentConditions)
        nature = reader.required(body.nature.map(GrantNature.init(mirroring:)), .nature)
        paymentPeriodStart = reader.optional(body.paymentPeriodStart, .paymentPeriodStart)
        paymentPeriodEnd = reader.optional(body.paymentPeriodEnd, .paymentPeriodEnd)
        euNotification = reader.required(body.euNotification, .euNotification)
        notes = reader.optional(body.notes, .notes)
        try reader.finish()
    }
}

extension Components.Schemas.Payment {
    init(_ payment: GrantPayment) {
        self.init(
            id: payment.id!, grantId: payment.grantId, paidOn: payment.paidOn.description,
            amountCents: payment.amountCents, notes: payment.notes, createdAt: payment.createdAt,
            updatedAt: payment.updatedAt)
    }
}

extension PaymentInput {
    init(_ body: Components.Schemas.PaymentCreate) {
        self.init(paidOn: body.paidOn, amountCents: body.amountCents, notes: body.notes)
    }
}
