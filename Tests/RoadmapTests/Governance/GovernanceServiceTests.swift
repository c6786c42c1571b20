import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Governance: committees, their meetings and decisions")
struct GovernanceServiceTests {
    /// A committee with one member partner, on an empty database.
    private func committee(
        _ services: RoadmapServices, name: String = "Comité de pilotage"
    ) async throws -> (committeeId: Int64, partnerId: Int64) {
        let partner = try await services.makePartner("Gers Numérique").partner.id!
        let committee = try await services.governance.createCommittee(
            CommitteeInput(type: .steering, name: name, frequency: .halfYearly, memberIds: [partner]), by: .anonymous)
        return (committee.committee.id!, partner)
    }

    private func meeting(_ services: RoadmapServices, committeeId: Int64) async throws -> CommitteeMeeting {
        try await services.governance.createMeeting(
            committeeId: committeeId,
            MeetingInput(startsAt: "2026-06-18T09:30:00+02:00", endsAt: "2026-06-18T12:00:00+02:00"), by: .anonymous)
    }

    @Test("a committee keeps its type, frequency and members")
    func createCommittee() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let first = try await services.makePartner("Préfecture du Gers").partner.id!
        let second = try await services.makePartner("Gers Numérique").partner.id!
        // MUT
        let created = try await services.governance.createCommittee(
            CommitteeInput(
                type: .technical, name: "Comité technique", frequency: .quarterly, memberIds: [second, first]),
            by: .anonymous)
        // validate
        let read = try await services.governance.committee(id: created.committee.id!)
        #expect(read.committee.type == .technical)
        #expect(read.committee.frequency == .quarterly)
        #expect(read.memberIds == [first, second])
        #expect(read.meetingCount == 0)
    }

    @Test("a committee's name is unique ignoring case and accents")
    func uniqueName() async throws {
        let services = try makeServices(seed: .none)
        _ = try await committee(services, name: "Comité de pilotage")
        let error = await roadmapError {
            _ = try await services.governance.createCommittee(
                CommitteeInput(type: .other, name: "COMITE DE PILOTAGE", frequency: .yearly), by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("members must be existing partners, named once")
    func membersExist() async throws {
        let services = try makeServices(seed: .none)
        let unknown = await roadmapError {
            _ = try await services.governance.createCommittee(
                CommitteeInput(type: .steering, name: "COPIL", frequency: .yearly, memberIds: [99]), by: .anonymous)
        }
        #expect(unknown == .unprocessable("memberIds[0]", "no partner has id 99"))
        let partner = try await services.makePartner().partner.id!
        let repeated = await roadmapError {
            _ = try await services.governance.createCommittee(
                CommitteeInput(type: .steering, name: "COPIL", frequency: .yearly, memberIds: [partner, partner]),
                by: .anonymous)
        }
        #expect(repeated?.fields == ["memberIds"])
    }

    @Test("a patch of memberIds replaces the members, and is in the change log")
    func replaceMembers() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (committeeId, first) = try await committee(services)
        let second = try await services.makePartner("Gers Solidaire").partner.id!
        var patch = CommitteePatch()
        patch.memberIds = .set([second])
        // MUT
        let updated = try await services.governance.updateCommittee(id: committeeId, patch, by: .anonymous)
        // validate
        #expect(updated.memberIds == [second])
        let history = try await services.changes.history(
            of: Committee.self, id: committeeId, page: try PageRequest())
        let last = try #require(history.items.last)
        #expect(last.changedFields["memberIds"]?.old == .array([.integer(first)]))
        #expect(last.changedFields["memberIds"]?.new == .array([.integer(second)]))
    }

    @Test("a committee that has met is kept")
    func deleteRefusedWithMeetings() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (committeeId, _) = try await committee(services)
        _ = try await meeting(services, committeeId: committeeId)
        // MUT
        let error = await roadmapError {
            try await services.governance.deleteCommittee(id: committeeId, by: .anonymous)
        }
        // validate
        #expect({ if case .conflict = error { true } else { false } }())
        #expect(try await services.governance.committee(id: committeeId).meetingCount == 1)
    }

    @Test("a committee that never met can be deleted, with its members")
    func deleteWithoutMeetings() async throws {
        let services = try makeServices(seed: .none)
        let (committeeId, partner) = try await committee(services)
        try await services.governance.deleteCommittee(id: committeeId, by: .anonymous)
        let error = await roadmapError { _ = try await services.governance.committee(id: committeeId) }
        #expect(error == .notFound(entity: "committee", id: "\(committeeId)"))
        // The partner is no longer referred to, so it can go too.
        try await services.partners.delete(id: partner, by: .anonymous)
    }

    @Test("committees filter by type and by member")
    func filters() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (copil, member) = try await committee(services, name: "COPIL")
        _ = try await services.governance.createCommittee(
            CommitteeInput(type: .technical, name: "COTECH", frequency: .monthly), by: .anonymous)
        // MUT
        let technical = try await services.governance.committees(
            CommitteeQuery(type: .technical, page: try PageRequest()))
        let ofMember = try await services.governance.committees(
            CommitteeQuery(memberId: member, page: try PageRequest()))
        // validate
        #expect(technical.items.map(\.committee.name) == ["COTECH"])
        #expect(ofMember.items.map(\.committee.id) == [copil])
    }

    @Test("a partner that sits on a committee is not deleted")
    func memberPartnerKept() async throws {
        let services = try makeServices(seed: .none)
        let (_, partner) = try await committee(services)
        let error = await roadmapError { try await services.partners.delete(id: partner, by: .anonymous) }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("a committee's meetings follow the meeting rules of working groups")
    func meetingRules() async throws {
        let services = try makeServices(seed: .none)
        let (committeeId, _) = try await committee(services)
        let error = await roadmapError {
            _ = try await services.governance.createMeeting(
                committeeId: committeeId,
                MeetingInput(startsAt: "2026-06-18T12:00:00+02:00", endsAt: "2026-06-18T09:00:00+02:00"),
                by: .anonymous)
        }
        #expect(error == .invalid("endsAt", "must be after startsAt (2026-06-18T12:00:00+02:00)"))
    }

    @Test("a meeting of another committee is not found under this one")
    func meetingOfAnotherCommittee() async throws {
        let services = try makeServices(seed: .none)
        let (first, _) = try await committee(services, name: "COPIL")
        let second = try await services.governance.createCommittee(
            CommitteeInput(type: .technical, name: "COTECH", frequency: .monthly), by: .anonymous)
        let meeting = try await meeting(services, committeeId: first)
        let error = await roadmapError {
            _ = try await services.governance.meeting(committeeId: second.committee.id!, id: meeting.id!)
        }
        #expect({ if case .notFound = error { true } else { false } }())
    }

    @Test("the committee's calendar feed has its meetings, written by the meetings' one writer")
    func calendar() async throws {
        let services = try makeServices(seed: .none)
        let (committeeId, _) = try await committee(services, name: "COPIL FNE Gers")
        let meeting = try await meeting(services, committeeId: committeeId)
        let feed = try await services.governance.calendar(committeeId: committeeId)
        #expect(feed.contains("UID:committee-meeting-\(meeting.id!)@fne-api.gers\r\n"))
        #expect(feed.contains("DTSTART:20260618T073000Z\r\n"))
        #expect(feed.contains("SUMMARY:Comité « COPIL FNE Gers »\r\n"))
    }

    @Test("decisions about an action show on the action, by meeting")
    func decisionsOnAction() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis()
        let action = try await services.makeAction(axisId: axis.id!, title: "Former les agents d'accueil")
        let (committeeId, _) = try await committee(services)
        let meeting = try await meeting(services, committeeId: committeeId)
        // MUT
        for text in ["Lancer la formation en 2027", "Demander une enveloppe"] {
            _ = try await services.governance.createDecision(
                committeeId: committeeId, meetingId: meeting.id!,
                DecisionInput(text: text, actionIds: [action.action.id!]),
                by: .anonymous)
        }
        // validate
        let read = try await services.actions.get(id: action.action.id!)
        #expect(read.decisions.map(\.text) == ["Lancer la formation en 2027", "Demander une enveloppe"])
        #expect(read.decisions.allSatisfy { $0.meetingId == meeting.id! && $0.committeeName == "Comité de pilotage" })
    }

    @Test("a decision names existing actions and grant requests")
    func decisionReferences() async throws {
        let services = try makeServices(seed: .none)
        let (committeeId, _) = try await committee(services)
        let meeting = try await meeting(services, committeeId: committeeId)
        let error = await roadmapError {
            _ = try await services.governance.createDecision(
                committeeId: committeeId, meetingId: meeting.id!,
                DecisionInput(text: "Texte", actionIds: [41], grantIds: [42]), by: .anonymous)
        }
        #expect(error?.fields == ["actionIds[0]", "grantIds[0]"])
    }

    @Test("what a decision concerns is kept: the action, and the meeting, cannot be deleted under it")
    func decisionsProtectWhatTheyConcern() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis()
        let action = try await services.makeAction(axisId: axis.id!)
        let (committeeId, _) = try await committee(services)
        let meeting = try await meeting(services, committeeId: committeeId)
        let decision = try await services.governance.createDecision(
            committeeId: committeeId, meetingId: meeting.id!,
            DecisionInput(text: "Texte", actionIds: [action.action.id!]),
            by: .anonymous)
        // MUT
        let actionError = await roadmapError {
            try await services.actions.delete(id: action.action.id!, by: .anonymous)
        }
        let meetingError = await roadmapError {
            try await services.governance.deleteMeeting(committeeId: committeeId, id: meeting.id!, by: .anonymous)
        }
        // validate
        #expect({ if case .conflict = actionError { true } else { false } }())
        #expect({ if case .conflict = meetingError { true } else { false } }())
        // Once the decision is gone, both can go.
        try await services.governance.deleteDecision(
            committeeId: committeeId, meetingId: meeting.id!, id: decision.decision.id!, by: .anonymous)
        try await services.actions.delete(id: action.action.id!, by: .anonymous)
        try await services.governance.deleteMeeting(committeeId: committeeId, id: meeting.id!, by: .anonymous)
    }

    @Test("a patch of actionIds moves the decision from one action to another")
    func patchDecision() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis()
        let first = try await services.makeAction(axisId: axis.id!, title: "Première").action.id!
        let second = try await services.makeAction(axisId: axis.id!, title: "Seconde").action.id!
        let (committeeId, _) = try await committee(services)
        let meeting = try await meeting(services, committeeId: committeeId)
        let decision = try await services.governance.createDecision(
            committeeId: committeeId, meetingId: meeting.id!, DecisionInput(text: "Texte", actionIds: [first]),
            by: .anonymous)
        var patch = DecisionPatch()
        patch.actionIds = .set([second])
        // MUT
        let updated = try await services.governance.updateDecision(
            committeeId: committeeId, meetingId: meeting.id!, id: decision.decision.id!, patch, by: .anonymous)
        // validate
        #expect(updated.actionIds == [second])
        #expect(try await services.actions.get(id: first).decisions.isEmpty)
        #expect(try await services.actions.get(id: second).decisions.count == 1)
    }
}
