import Foundation
import Roadmap

/// Data a test builds for itself through the services, instead of leaning on the ids of the
/// Gers seed: each returns the created record, whose id the test then uses.
extension RoadmapServices {
    func makeAxis(number: Int = 50, title: String = "Axe d'essai") async throws -> AxisDetail {
        try await axes.create(AxisInput(number: number, title: title), by: .commandLine)
    }

    func makePartner(
        _ name: String = "Partenaire d'essai", kind: PartnerKind = .association, roles: [PartnerRole] = []
    )
        async throws -> PartnerDetail
    {
        try await partners.create(PartnerInput(name: name, kind: kind, roles: roles), by: .commandLine)
    }

    func makeGroup(axisId: Int64, name: String = "Groupe d'essai") async throws -> GroupDetail {
        try await groups.create(GroupInput(axisId: axisId, name: name), by: .commandLine)
    }

    func makeAction(
        axisId: Int64, title: String = "Action d'essai", groupId: Int64? = nil, leadPartnerId: Int64? = nil
    )
        async throws -> ActionDetail
    {
        try await actions.create(
            ActionInput(axisId: axisId, groupId: groupId, leadPartnerId: leadPartnerId, title: title), by: .commandLine)
    }

    func makeEnvelope(
        funderId: Int64, amountCents: Int64 = 1_000_000, label: String = "Enveloppe d'essai"
    )
        async throws -> EnvelopeDetail
    {
        try await funding.createEnvelope(
            EnvelopeInput(funderId: funderId, label: label, amountCents: amountCents), by: .commandLine)
    }
}
