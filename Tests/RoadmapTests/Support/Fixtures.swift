import Foundation
import Testing

@testable import Roadmap

/// Data a test builds for itself through the services (on `makeServices(seed: .none)`),
/// instead of leaning on the ids of the Gers seed: each builder returns the created record,
/// whose id the test then uses.
extension RoadmapServices {
    func makeAxis(
        number: Int = 1, title: String = "Axe", description: String? = nil, optional: Bool = false
    ) async throws -> AxisDetail {
        try await axes.create(
            AxisInput(number: number, title: title, description: description, isOptional: optional), by: .anonymous)
    }

    func makePartner(
        _ name: String = "Partenaire", kind: PartnerKind = .association, roles: [PartnerRole] = [],
        notes: String? = nil
    ) async throws -> PartnerDetail {
        try await partners.create(PartnerInput(name: name, kind: kind, roles: roles, notes: notes), by: .anonymous)
    }

    func makeGroup(axisId: Int64, name: String = "Groupe") async throws -> GroupDetail {
        try await groups.create(GroupInput(axisId: axisId, name: name), by: .anonymous)
    }

    func makeAction(
        axisId: Int64, title: String = "Action", groupId: Int64? = nil, leadPartnerId: Int64? = nil,
        contributorIds: [Int64] = [], status: ActionStatus = .draft, startOn: String? = nil, endOn: String? = nil,
        budgetCents: Int64? = nil, description: String? = nil
    ) async throws -> ActionDetail {
        try await actions.create(
            ActionInput(
                axisId: axisId, groupId: groupId, leadPartnerId: leadPartnerId, contributorIds: contributorIds,
                title: title, description: description, status: status, startOn: startOn, endOn: endOn,
                budgetCents: budgetCents),
            by: .anonymous)
    }

    func makeEnvelope(
        funderId: Int64, amountCents: Int64 = 1_000_000, label: String = "Enveloppe", axisId: Int64? = nil
    ) async throws -> EnvelopeDetail {
        try await funding.createEnvelope(
            EnvelopeInput(funderId: funderId, label: label, amountCents: amountCents, axisId: axisId), by: .anonymous)
    }

    @discardableResult
    func makeAllocation(envelopeId: Int64, actionId: Int64, amountCents: Int64) async throws -> FundingAllocation {
        try await funding.allocate(
            envelopeId: envelopeId, AllocationInput(actionId: actionId, amountCents: amountCents), by: .anonymous)
    }

    @discardableResult
    func makeMember(
        groupId: Int64, partnerId: Int64, role: GroupMemberRole = .member
    ) async throws -> GroupMemberDetail {
        try await groups.register(groupId: groupId, partnerId: partnerId, role: role, by: .anonymous)
    }

    func makeMeeting(
        groupId: Int64, startsAt: String = "2025-03-10T14:00:00+01:00", endsAt: String = "2025-03-10T15:00:00+01:00",
        place: String? = nil
    ) async throws -> GroupMeeting {
        try await groups.createMeeting(
            groupId: groupId, MeetingInput(startsAt: startsAt, endsAt: endsAt, place: place), by: .anonymous)
    }

    /// A roadmap on a database created without one, piloted (and co-signed) by `pilotPartnerId`.
    @discardableResult
    func makeRoadmap(pilotPartnerId: Int64? = nil) async throws -> RoadmapInfo {
        var patch = RoadmapPatch()
        patch.title = .set("Feuille de route d'essai")
        patch.nationalPlan = .set("France Numérique Ensemble")
        patch.territory = .set(Territory(name: "Territoire", code: "31"))
        patch.signedOn = .set("2025-01-24")
        patch.signingPlace = .set("Préfecture")
        patch.pilot = .set(PilotInput(label: "État", representedBy: nil, partnerId: pilotPartnerId))
        if let pilotPartnerId {
            patch.coSignatories = .set([NamedPartnerInput(text: "préfet", partnerId: pilotPartnerId)])
        }
        return try await roadmap.update(patch, by: .anonymous)
    }
}
