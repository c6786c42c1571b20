import Foundation
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

@Suite("Governance endpoints")
struct GovernanceEndpointTests {
    /// POSTs `body` to `uri` and decodes the 201's body as `T`.
    private func create<T: Decodable>(
        _ client: APIClient, _ uri: String, _ body: String, as type: T.Type
    ) async throws -> T {
        try await client.execute(uri: uri, method: .post, headers: jsonHeaders, body: json(body)) { response in
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return try response.decoded(T.self)
        }
    }

    @Test("the COPIL meets and decides twice about an action; GET /actions/{id} shows both decisions")
    func decisionsShowOnTheAction() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis()
            let partner = try await services.makePartner("Gers Numérique")
            let action = try await services.makeAction(axisId: axis.id!, title: "Former les agents d'accueil")
            let committee = try await create(
                client, "/governance/committees",
                """
                {"type": "steering", "name": "Comité de pilotage France Numérique Ensemble", "frequency": "half_yearly",
                 "memberIds": [\(partner.partner.id!)]}
                """, as: Components.Schemas.Committee.self)
            let meeting = try await create(
                client, "/governance/committees/\(committee.id)/meetings",
                #"{"startsAt": "2026-06-18T09:30:00+02:00", "endsAt": "2026-06-18T12:00:00+02:00", "place": "Préfecture du Gers, Auch"}"#,
                as: Components.Schemas.CommitteeMeeting.self)
            // MUT
            for text in ["Lancer la formation en 2027", "Demander une enveloppe de l'État"] {
                let decision = try await create(
                    client, "/governance/committees/\(committee.id)/meetings/\(meeting.id)/decisions",
                    #"{"text": "\#(text)", "actionIds": [\#(action.action.id!)]}"#, as: Components.Schemas.Decision.self
                )
                #expect(decision.actionIds == [action.action.id!])
            }
            // validate
            try await client.execute(uri: "/actions/\(action.action.id!)", method: .get) { response in
                let read = try response.decoded(Components.Schemas.Action.self)
                #expect(
                    read.decisions?.map(\.text) == ["Lancer la formation en 2027", "Demander une enveloppe de l'État"])
                #expect(read.decisions?.first?.committeeName == "Comité de pilotage France Numérique Ensemble")
                #expect(read.decisions?.first?.meetingStartsAt.text == "2026-06-18T09:30:00+02:00")
            }
            try await client.execute(
                uri: "/governance/committees/\(committee.id)/meetings/\(meeting.id)/decisions", method: .get
            ) { response in
                let decisions = try response.decoded(Components.Schemas.DecisionList.self).items
                #expect(decisions.count == 2)
            }
            try await client.execute(uri: "/governance/committees/\(committee.id)", method: .get) { response in
                let read = try response.decoded(Components.Schemas.Committee.self)
                #expect(read.meetingCount == 1)
            }
        }
    }

    @Test("a decision about a grant request shows on GET /funding/grants/{id}")
    func decisionsShowOnTheGrant() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis()
            let funder = try await services.makePartner("Préfecture du Gers")
            let action = try await services.makeAction(axisId: axis.id!, budgetCents: 2_000_000)
            let envelope = try await services.makeEnvelope(funderId: funder.partner.id!)
            let grant = try await services.grants.create(
                GrantInput(
                    actionId: action.action.id!, envelopeId: envelope.envelope.id!, requestedCents: 500_000,
                    beneficiaries: [BeneficiaryInput(partnerId: funder.partner.id!, requestedCents: 500_000)]),
                by: .commandLine)
            let committee = try await create(
                client, "/governance/committees", #"{"type": "steering", "name": "COPIL", "frequency": "yearly"}"#,
                as: Components.Schemas.Committee.self)
            let meeting = try await create(
                client, "/governance/committees/\(committee.id)/meetings",
                #"{"startsAt": "2026-06-18T09:30:00+02:00", "endsAt": "2026-06-18T12:00:00+02:00"}"#,
                as: Components.Schemas.CommitteeMeeting.self)
            // MUT
            _ = try await create(
                client, "/governance/committees/\(committee.id)/meetings/\(meeting.id)/decisions",
                #"{"text": "Avis favorable à la demande", "grantIds": [\#(grant.grant.id!)]}"#,
                as: Components.Schemas.Decision.self)
            // validate
            try await client.execute(uri: "/funding/grants/\(grant.grant.id!)", method: .get) { response in
                let read = try response.decoded(Components.Schemas.Grant.self)
                #expect(read.decisions?.map(\.text) == ["Avis favorable à la demande"])
            }
            // A grant request a decision concerns is not deleted under it.
            try await client.execute(uri: "/funding/grants/\(grant.grant.id!)", method: .delete) {
                $0.expectProblem(.conflict)
            }
        }
    }

    @Test("/governance/meetings.ics has every committee's meetings")
    func allCommitteesFeed() async throws {
        try await withApp(seed: .none) { client, _ in
            for name in ["COPIL", "COTECH"] {
                let committee = try await create(
                    client, "/governance/committees", #"{"type": "other", "name": "\#(name)", "frequency": "yearly"}"#,
                    as: Components.Schemas.Committee.self)
                _ = try await create(
                    client, "/governance/committees/\(committee.id)/meetings",
                    #"{"startsAt": "2026-03-10T14:00:00+01:00", "endsAt": "2026-03-10T16:00:00+01:00"}"#,
                    as: Components.Schemas.CommitteeMeeting.self)
            }
            try await client.execute(uri: "/governance/meetings.ics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("SUMMARY:Comité « COPIL »\r\n") && text.contains("SUMMARY:Comité « COTECH »\r\n"))
                #expect(text.contains("X-WR-CALNAME:Comités de la gouvernance France Numérique Ensemble (Gers)"))
            }
        }
    }

    @Test("an action no decision concerns has no decisions member")
    func noDecisionsNoMember() async throws {
        try await withApp(seed: .none) { client, services in
            let axis = try await services.makeAxis()
            let action = try await services.makeAction(axisId: axis.id!)
            try await client.execute(uri: "/actions/\(action.action.id!)", method: .get) { response in
                #expect(response.object["decisions"] == nil)
            }
        }
    }

    @Test("GET /governance?on= answers who is a member that day; the seed's eight from 24 January 2025")
    func governanceOnADay() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/governance?on=2024-06-30", method: .get) { response in
                let roll = try response.decoded(Components.Schemas.Governance.self)
                #expect(roll.candidateCount == 8)
                #expect(roll.memberCount == 0)
                #expect(roll.partners.allSatisfy { $0.sinceLabel == "automne 2023" })
            }
            try await client.execute(uri: "/governance?on=2025-06-30&status=member", method: .get) { response in
                let roll = try response.decoded(Components.Schemas.Governance.self)
                #expect(roll.on == "2025-06-30")
                #expect(roll.memberCount == 8)
                #expect(roll.partners.count == 8)
                #expect(roll.partners.contains { $0.partnerName == "GIP Grades E Santé" && $0.since == "2025-01-24" })
            }
            try await client.execute(uri: "/governance?on=2025-02-30", method: .get) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["on"])
            }
        }
    }

    @Test("a partner's membership history, a withdrawal, and an illegal move as a 409 problem")
    func membershipHistory() async throws {
        try await withApp { client, _ in
            let gersSolidaire = try await client.execute(uri: "/partners?q=gers%20solidaire", method: .get) {
                try $0.decoded(Components.Schemas.PartnerPage.self).items[0].id
            }
            try await client.execute(uri: "/partners/\(gersSolidaire)/membership", method: .get) { response in
                let steps = try response.decoded(Components.Schemas.MembershipStepList.self).items
                #expect(steps.map(\.status) == [.candidate, .member])
                #expect(steps.map(\.since) == ["2023-23", "2025-01-24"])
            }
            let withdrawal = try await create(
                client, "/partners/\(gersSolidaire)/membership", #"{"status": "withdrawn", "since": "2026-09"}"#,
                as: Components.Schemas.MembershipStep.self)
            #expect(withdrawal.sinceLabel == "septembre 2026")
            try await client.execute(
                uri: "/partners/\(gersSolidaire)/membership", method: .post, headers: jsonHeaders,
                body: json(#"{"status": "withdrawn", "since": "2026-10"}"#)
            ) { response in
                response.expectProblem(.conflict)
                #expect(
                    (response.object["detail"] as? String)?.contains("Allowed next statuses: candidate, member") == true
                )
            }
            try await client.execute(uri: "/governance?on=2026-10-01", method: .get) { response in
                let roll = try response.decoded(Components.Schemas.Governance.self)
                #expect(roll.memberCount == 7)
                #expect(roll.withdrawnCount == 1)
            }
        }
    }

    @Test("bad committee input is a 400 problem naming the field; nothing is stored")
    func badCommittee() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.execute(
                uri: "/governance/committees", method: .post, headers: jsonHeaders,
                body: json(#"{"type": "copil", "name": "COPIL", "frequency": "yearly"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["type"])
            }
            try await client.execute(
                uri: "/governance/committees", method: .post, headers: jsonHeaders,
                body: json(#"{"type": "steering", "name": "COPIL", "frequency": "yearly", "memberIds": [7]}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                #expect(response.problemFields == ["memberIds[0]"])
            }
            try await client.execute(uri: "/governance/committees", method: .get) { response in
                let page = try response.decoded(Components.Schemas.CommitteePage.self)
                #expect(page.items.isEmpty)
            }
        }
    }

    @Test("the committee's iCalendar feed lists its meetings")
    func calendarFeed() async throws {
        try await withApp(seed: .none) { client, _ in
            let committee = try await create(
                client, "/governance/committees", #"{"type": "technical", "name": "COTECH", "frequency": "monthly"}"#,
                as: Components.Schemas.Committee.self)
            _ = try await create(
                client, "/governance/committees/\(committee.id)/meetings",
                #"{"startsAt": "2026-03-10T14:00:00+01:00", "endsAt": "2026-03-10T16:00:00+01:00"}"#,
                as: Components.Schemas.CommitteeMeeting.self)
            try await client.execute(uri: "/governance/committees/\(committee.id)/meetings.ics", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/calendar") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("DTSTART:20260310T130000Z\r\n"))
                #expect(text.contains("SUMMARY:Comité « COTECH »\r\n"))
            }
        }
    }

    @Test("writes need a token: an anonymous POST is a 401 problem")
    func writesNeedAToken() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.anonymous.execute(
                uri: "/governance/committees", method: .post, headers: jsonHeaders,
                body: json(#"{"type": "steering", "name": "COPIL", "frequency": "yearly"}"#)
            ) { response in
                response.expectProblem(.unauthorized)
            }
        }
    }

    @Test("/labels names the governance's vocabularies in French")
    func labels() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/labels", method: .get) { response in
                let labels = try response.decoded(Components.Schemas.Labels.self)
                #expect(labels.committeeType.additionalProperties["steering"] == "Comité de pilotage")
                #expect(labels.committeeFrequency.additionalProperties["half_yearly"] == "Semestrielle")
                #expect(labels.membershipStatus.additionalProperties["withdrawn"] == "Retiré")
            }
        }
    }
}
