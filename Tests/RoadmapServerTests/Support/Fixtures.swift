import Foundation
import Roadmap

/// Data a test builds for itself through the services, instead of leaning on the ids of the
/// Gers seed: each returns the created record, whose id the test then uses.
extension RoadmapServices {
    func makeAxis(number: Int = 50, title: String = "Axe d'essai", optional: Bool = false) async throws -> AxisDetail {
        try await axes.create(AxisInput(number: number, title: title, isOptional: optional), by: .commandLine)
    }

    func makePartner(
        _ name: String = "Partenaire d'essai", kind: PartnerKind = .association, roles: [PartnerRole] = [],
        email: String? = nil
    )
        async throws -> PartnerDetail
    {
        try await partners.create(PartnerInput(name: name, kind: kind, roles: roles, email: email), by: .commandLine)
    }

    func makeGroup(axisId: Int64, name: String = "Groupe d'essai") async throws -> GroupDetail {
        try await groups.create(GroupInput(axisId: axisId, name: name), by: .commandLine)
    }

    func makeAction(
        axisId: Int64, title: String = "Action d'essai", groupId: Int64? = nil, leadPartnerId: Int64? = nil,
        budgetCents: Int64? = nil
    )
        async throws -> ActionDetail
    {
        try await actions.create(
            ActionInput(
                axisId: axisId, groupId: groupId, leadPartnerId: leadPartnerId, title: title, budgetCents: budgetCents),
            by: .commandLine)
    }

    func makeEnvelope(
        funderId: Int64, amountCents: Int64 = 1_000_000, label: String = "Enveloppe d'essai"
    )
        async throws -> EnvelopeDetail
    {
        try await funding.createEnvelope(
            EnvelopeInput(funderId: funderId, label: label, amountCents: amountCents), by: .commandLine)
    }

    @discardableResult
    func makeMember(
        groupId: Int64, partnerId: Int64, role: GroupMemberRole = .member
    )
        async throws -> GroupMemberDetail
    {
        try await groups.register(groupId: groupId, partnerId: partnerId, role: role, by: .commandLine)
    }

    @discardableResult
    func makeMeeting(
        groupId: Int64, startsAt: String = "2025-03-10T14:00:00+01:00", endsAt: String = "2025-03-10T16:30:00+01:00",
        agenda: String? = nil
    )
        async throws -> GroupMeeting
    {
        try await groups.createMeeting(
            groupId: groupId, MeetingInput(startsAt: startsAt, endsAt: endsAt, agenda: agenda), by: .commandLine)
    }

    @discardableResult
    func makeAllocation(envelopeId: Int64, actionId: Int64, amountCents: Int64) async throws -> FundingAllocation {
        try await funding.allocate(
            envelopeId: envelopeId, AllocationInput(actionId: actionId, amountCents: amountCents), by: .commandLine)
    }

    @discardableResult
    func makeLine(
        funderId: Int64, actionId: Int64? = nil, amountCents: Int64? = nil, shareBasisPoints: Int? = nil
    )
        async throws -> FinancingLineDetail
    {
        try await funding.createLine(
            FinancingLineInput(
                funderId: funderId, actionId: actionId, amountCents: amountCents, shareBasisPoints: shareBasisPoints),
            by: .commandLine)
    }
}
