import Roadmap
import RoadmapAPI

extension Components.Schemas.Committee {
    init(_ detail: CommitteeDetail) {
        let committee = detail.committee
        self.init(
            id: committee.id!, _type: .init(mirroring: committee.type), name: committee.name,
            frequency: .init(mirroring: committee.frequency), description: committee.description,
            memberIds: detail.memberIds, meetingCount: detail.meetingCount, createdAt: committee.createdAt,
            updatedAt: committee.updatedAt)
    }
}

extension CommitteeInput {
    init(_ body: Components.Schemas.CommitteeCreate) {
        self.init(
            type: .init(mirroring: body._type), name: body.name, frequency: .init(mirroring: body.frequency),
            description: body.description, memberIds: body.memberIds ?? [])
    }
}

extension CommitteePatch {
    init(_ body: Components.Schemas.CommitteePatch) throws {
        var reader = PatchReader(Components.Schemas.CommitteePatch.CodingKeys.self)
        self.init()
        type = reader.required(body._type.map { CommitteeType(mirroring: $0) }, ._type)
        name = reader.required(body.name, .name)
        frequency = reader.required(body.frequency.map { CommitteeFrequency(mirroring: $0) }, .frequency)
        description = reader.optional(body.description, .description)
        memberIds = reader.required(body.memberIds, .memberIds)
        try reader.finish()
    }
}

extension Components.Schemas.CommitteeMeeting {
    init(_ meeting: CommitteeMeeting) {
        self.init(
            id: meeting.id!, committeeId: meeting.committeeId, startsAt: .init(meeting.startsAt),
            endsAt: .init(meeting.endsAt), place: meeting.place, agenda: meeting.agenda, minutes: meeting.minutes,
            createdAt: meeting.createdAt, updatedAt: meeting.updatedAt)
    }
}

extension Components.Schemas.Decision {
    init(_ detail: DecisionDetail) {
        self.init(
            id: detail.decision.id!, committeeId: detail.committeeId, meetingId: detail.decision.meetingId,
            text: detail.decision.text, actionIds: detail.actionIds, grantIds: detail.grantIds,
            createdAt: detail.decision.createdAt, updatedAt: detail.decision.updatedAt)
    }
}

extension DecisionInput {
    init(_ body: Components.Schemas.DecisionCreate) {
        self.init(text: body.text, actionIds: body.actionIds ?? [], grantIds: body.grantIds ?? [])
    }
}

extension DecisionPatch {
    init(_ body: Components.Schemas.DecisionPatch) throws {
        var reader = PatchReader(Components.Schemas.DecisionPatch.CodingKeys.self)
        self.init()
        text = reader.required(body.text, .text)
        actionIds = reader.required(body.actionIds, .actionIds)
        grantIds = reader.required(body.grantIds, .grantIds)
        try reader.finish()
    }
}

extension Components.Schemas.DecisionMention {
    init(_ mention: DecisionMention) {
        self.init(
            decisionId: mention.decisionId, committeeId: mention.committeeId, committeeName: mention.committeeName,
            meetingId: mention.meetingId, meetingStartsAt: .init(mention.meetingStartsAt), text: mention.text)
    }
}

extension Components.Schemas.MembershipStep {
    init(_ step: MembershipStep) {
        self.init(
            id: step.id!, partnerId: step.partnerId, status: .init(mirroring: step.status), since: step.since,
            sinceLabel: Period(step.since)?.frenchLabel ?? step.since, note: step.note, createdAt: step.createdAt,
            updatedAt: step.updatedAt)
    }
}

extension Components.Schemas.Governance {
    init(_ roll: GovernanceRoll) {
        let count = { (status: MembershipStatus) in roll.counts[status] ?? 0 }
        self.init(
            on: roll.on.description, memberCount: count(.member), candidateCount: count(.candidate),
            withdrawnCount: count(.withdrawn),
            partners: roll.standings.map {
                .init(
                    partnerId: $0.partnerId, partnerName: $0.partnerName, status: .init(mirroring: $0.step.status),
                    since: $0.step.since, sinceLabel: Period($0.step.since)?.frenchLabel ?? $0.step.since,
                    stepId: $0.step.id!)
            })
    }
}
