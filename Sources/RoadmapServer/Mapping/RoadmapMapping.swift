import Roadmap
import RoadmapAPI

extension Components.Schemas.Roadmap {
    init(_ info: RoadmapInfo) {
        let record = info.record
        self.init(
            title: record.title,
            nationalPlan: record.nationalPlan,
            territory: .init(name: record.territoryName, code: record.territoryCode),
            signedOn: record.signedOn.description,
            signingPlace: record.signingPlace,
            pilot: .init(
                label: record.pilotLabel, representedBy: record.pilotRepresentedBy, partnerId: record.pilotPartnerId),
            coSignatories: info.coSignatories.map { .init(title: $0.title, partnerId: $0.partnerId) },
            supporters: info.supporters.map { .init(label: $0.label, partnerId: $0.partnerId) },
            timeline: info.timeline.map {
                .init(
                    label: $0.label, period: $0.period, periodLabel: $0.periodLabel,
                    description: $0.description, participantsApprox: $0.participantsApprox)
            },
            objective: record.objective,
            sourceUrl: record.sourceUrl,
            summary: .init(info.summary),
            createdAt: record.createdAt,
            updatedAt: record.updatedAt)
    }
}

extension RoadmapPatch {
    init(_ body: Components.Schemas.RoadmapPatch) throws {
        var reader = PatchReader(Components.Schemas.RoadmapPatch.CodingKeys.self)
        self.init()
        title = reader.required(body.title, .title)
        nationalPlan = reader.required(body.nationalPlan, .nationalPlan)
        territory = reader.required(body.territory.map { Territory(name: $0.name, code: $0.code) }, .territory)
        signedOn = reader.required(body.signedOn, .signedOn)
        signingPlace = reader.required(body.signingPlace, .signingPlace)
        pilot = reader.required(
            body.pilot.map { PilotInput(label: $0.label, representedBy: $0.representedBy, partnerId: $0.partnerId) },
            .pilot)
        coSignatories = reader.required(
            body.coSignatories?.map { NamedPartnerInput(text: $0.title, partnerId: $0.partnerId) }, .coSignatories)
        supporters = reader.required(
            body.supporters?.map { NamedPartnerInput(text: $0.label, partnerId: $0.partnerId) }, .supporters)
        timeline = reader.required(
            body.timeline?.map {
                MilestoneInput(
                    label: $0.label, period: $0.period, periodLabel: $0.periodLabel,
                    description: $0.description, participantsApprox: $0.participantsApprox)
            }, .timeline)
        objective = reader.optional(body.objective, .objective)
        sourceUrl = reader.optional(body.sourceUrl, .sourceUrl)
        try reader.finish()
    }
}
