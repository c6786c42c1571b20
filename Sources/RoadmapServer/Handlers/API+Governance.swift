import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    func getGovernance(_ input: Operations.GetGovernance.Input) async throws -> Operations.GetGovernance.Output {
        let roll = try await services.governance.roll(
            on: input.query.on, status: input.query.status.map { MembershipStatus(mirroring: $0) })
        return .ok(.init(body: .json(.init(roll))))
    }

    // MARK: Committees

    func listCommittees(_ input: Operations.ListCommittees.Input) async throws -> Operations.ListCommittees.Output {
        let page = try await services.governance.committees(
            CommitteeQuery(
                ids: input.query.id ?? [], type: input.query._type.map { CommitteeType(mirroring: $0) },
                memberId: input.query.memberId, sort: input.query.sort.map(Sort.init(mirroring:)),
                page: try PageRequest(limit: input.query.limit, cursor: input.query.cursor)))
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.Committee.init), nextCursor: page.nextCursor))))
    }

    func createCommittee(_ input: Operations.CreateCommittee.Input) async throws -> Operations.CreateCommittee.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Committee(
            try await services.governance.createCommittee(CommitteeInput(create), by: caller))
        return .created(
            .init(
                headers: .init(location: "/governance/committees/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func getCommittee(_ input: Operations.GetCommittee.Input) async throws -> Operations.GetCommittee.Output {
        let body = Components.Schemas.Committee(try await services.governance.committee(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateCommittee(_ input: Operations.UpdateCommittee.Input) async throws -> Operations.UpdateCommittee.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let body = Components.Schemas.Committee(
            try await services.governance.updateCommittee(
                id: input.path.id, try CommitteePatch(patch), by: caller,
                ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Committee($0) }))
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteCommittee(_ input: Operations.DeleteCommittee.Input) async throws -> Operations.DeleteCommittee.Output {
        try await services.governance.deleteCommittee(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Committee($0) })
        return .noContent(.init())
    }

    // MARK: Meetings

    func listCommitteeMeetings(
        _ input: Operations.ListCommitteeMeetings.Input
    ) async throws -> Operations.ListCommitteeMeetings.Output {
        let page = try await services.governance.meetings(
            committeeId: input.path.id,
            MeetingQuery(
                from: input.query.from, to: input.query.to,
                page: try PageRequest(limit: input.query.limit, cursor: input.query.cursor)))
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map(Components.Schemas.CommitteeMeeting.init), nextCursor: page.nextCursor))))
    }

    func createCommitteeMeeting(
        _ input: Operations.CreateCommitteeMeeting.Input
    ) async throws -> Operations.CreateCommitteeMeeting.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.CommitteeMeeting(
            try await services.governance.createMeeting(
                committeeId: input.path.id, MeetingInput(create), by: caller))
        return .created(
            .init(
                headers: .init(
                    location: "/governance/committees/\(body.committeeId)/meetings/\(body.id)", eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getCommitteeMeeting(
        _ input: Operations.GetCommitteeMeeting.Input
    ) async throws -> Operations.GetCommitteeMeeting.Output {
        let body = Components.Schemas.CommitteeMeeting(
            try await services.governance.meeting(committeeId: input.path.id, id: input.path.meetingId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateCommitteeMeeting(
        _ input: Operations.UpdateCommitteeMeeting.Input
    ) async throws -> Operations.UpdateCommitteeMeeting.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let body = Components.Schemas.CommitteeMeeting(
            try await services.governance.updateMeeting(
                committeeId: input.path.id, id: input.path.meetingId, try MeetingPatch(patch), by: caller,
                ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) {
                    Components.Schemas.CommitteeMeeting($0)
                }))
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteCommitteeMeeting(
        _ input: Operations.DeleteCommitteeMeeting.Input
    ) async throws -> Operations.DeleteCommitteeMeeting.Output {
        try await services.governance.deleteMeeting(
            committeeId: input.path.id, id: input.path.meetingId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.CommitteeMeeting($0) })
        return .noContent(.init())
    }

    func getCommitteeCalendar(
        _ input: Operations.GetCommitteeCalendar.Input
    ) async throws -> Operations.GetCommitteeCalendar.Output {
        .ok(.init(body: .textCalendar(HTTPBody(try await services.governance.calendar(committeeId: input.path.id)))))
    }

    func getCommitteesCalendar(
        _ input: Operations.GetCommitteesCalendar.Input
    ) async throws -> Operations.GetCommitteesCalendar.Output {
        .ok(.init(body: .textCalendar(HTTPBody(try await services.governance.calendar(committeeId: nil)))))
    }

    // MARK: Decisions

    func listDecisions(_ input: Operations.ListDecisions.Input) async throws -> Operations.ListDecisions.Output {
        let decisions = try await services.governance.decisions(
            committeeId: input.path.id, meetingId: input.path.meetingId)
        return .ok(.init(body: .json(.init(items: decisions.map(Components.Schemas.Decision.init)))))
    }

    func createDecision(_ input: Operations.CreateDecision.Input) async throws -> Operations.CreateDecision.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Decision(
            try await services.governance.createDecision(
                committeeId: input.path.id, meetingId: input.path.meetingId, DecisionInput(create), by: caller))
        return .created(
            .init(
                headers: .init(
                    location:
                        "/governance/committees/\(body.committeeId)/meetings/\(body.meetingId)/decisions/\(body.id)",
                    eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getDecision(_ input: Operations.GetDecision.Input) async throws -> Operations.GetDecision.Output {
        let body = Components.Schemas.Decision(
            try await services.governance.decision(
                committeeId: input.path.id, meetingId: input.path.meetingId, id: input.path.decisionId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateDecision(_ input: Operations.UpdateDecision.Input) async throws -> Operations.UpdateDecision.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let body = Components.Schemas.Decision(
            try await services.governance.updateDecision(
                committeeId: input.path.id, meetingId: input.path.meetingId, id: input.path.decisionId,
                try DecisionPatch(patch), by: caller,
                ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Decision($0) }))
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteDecision(_ input: Operations.DeleteDecision.Input) async throws -> Operations.DeleteDecision.Output {
        try await services.governance.deleteDecision(
            committeeId: input.path.id, meetingId: input.path.meetingId, id: input.path.decisionId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Decision($0) })
        return .noContent(.init())
    }

    // MARK: Membership

    func listMembershipSteps(
        _ input: Operations.ListMembershipSteps.Input
    ) async throws -> Operations.ListMembershipSteps.Output {
        let steps = try await services.governance.membership(partnerId: input.path.id)
        return .ok(.init(body: .json(.init(items: steps.map(Components.Schemas.MembershipStep.init)))))
    }

    func recordMembershipStep(
        _ input: Operations.RecordMembershipStep.Input
    ) async throws -> Operations.RecordMembershipStep.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.MembershipStep(
            try await services.governance.recordMembershipStep(
                partnerId: input.path.id,
                MembershipStepInput(status: .init(mirroring: create.status), since: create.since, note: create.note),
                by: caller))
        return .created(
            .init(
                headers: .init(location: "/partners/\(body.partnerId)/membership/\(body.id)", eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getMembershipStep(
        _ input: Operations.GetMembershipStep.Input
    ) async throws -> Operations.GetMembershipStep.Output {
        let body = Components.Schemas.MembershipStep(
            try await services.governance.membershipStep(partnerId: input.path.id, id: input.path.stepId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func deleteMembershipStep(
        _ input: Operations.DeleteMembershipStep.Input
    ) async throws -> Operations.DeleteMembershipStep.Output {
        try await services.governance.deleteMembershipStep(
            partnerId: input.path.id, id: input.path.stepId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.MembershipStep($0) })
        return .noContent(.init())
    }
}
