import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

@Suite("Funding over HTTP")
struct FundingEndpointTests {
    /// A funder with an envelope of 20 000 €, and an action of 30 000 € on an axis of its own.
    private struct Setting {
        let funder: Int64
        let envelope: Int64
        let action: Int64
    }

    private func setting(_ services: RoadmapServices) async throws -> Setting {
        let axis = try await services.makeAxis()
        let funder = try await services.makePartner("Financeur d'essai", kind: .stateService, roles: [.funder])
        let lead = try await services.makePartner("Porteur d'essai")
        let envelope = try await services.makeEnvelope(funderId: funder.partner.id!, amountCents: 2_000_000)
        let action = try await services.makeAction(
            axisId: axis.axis.id!, title: "Médiateurs", leadPartnerId: lead.partner.id!, budgetCents: 3_000_000)
        return Setting(funder: funder.partner.id!, envelope: envelope.envelope.id!, action: action.action.id!)
    }

    // About the seed: the three envelopes of the Gers roadmap served on a fresh install.
    @Test("GET /funding/envelopes lists the seeded envelopes")
    func seededEnvelopes() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/funding/envelopes", method: .get) { response in
                let page = try response.decoded(Components.Schemas.EnvelopePage.self)
                #expect(page.items.map(\.amountCents) == [4_100_000, 5_000_000, 2_000_000])
            }
        }
    }

    @Test("an allocation within the envelope is a 201")
    func allocate() async throws {
        try await withApp(seed: .none) { client, services in
            let setting = try await setting(services)
            try await client.execute(
                uri: "/funding/envelopes/\(setting.envelope)/allocations", method: .post, headers: jsonHeaders,
                body: json(#"{"actionId": \#(setting.action), "amountCents": 1500000}"#)
            ) { response in
                #expect(response.status == .created)
                let allocation = try response.decoded(Components.Schemas.Allocation.self)
                #expect(allocation.envelopeId == setting.envelope)
                #expect(allocation.actionId == setting.action)
                #expect(allocation.amountCents == 1_500_000)
            }
        }
    }

    @Test("an allocation over what remains of the envelope is a 409 problem giving the remaining amount")
    func overAllocation() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let setting = try await setting(services)
            try await services.makeAllocation(
                envelopeId: setting.envelope, actionId: setting.action, amountCents: 1_500_000)
            // MUT
            try await client.execute(
                uri: "/funding/envelopes/\(setting.envelope)/allocations", method: .post, headers: jsonHeaders,
                body: json(#"{"actionId": \#(setting.action), "amountCents": 600000}"#)
            ) { response in
                // validate
                response.expectProblem(.conflict)
                let problem = try response.problem()
                #expect(problem.detail?.contains("500000 cents") == true)
            }
            #expect(try await services.funding.allocations(envelopeId: setting.envelope).count == 1)
        }
    }

    @Test("a financing line with a share of the budget is a 201")
    func createLine() async throws {
        try await withApp(seed: .none) { client, services in
            let setting = try await setting(services)
            try await client.execute(
                uri: "/funding/lines", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"funderId": \#(setting.funder), "actionId": \#(setting.action), "shareBasisPoints": 2000}"#)
            ) { response in
                #expect(response.status == .created)
                let line = try response.decoded(Components.Schemas.FinancingLine.self)
                #expect(line.shareBasisPoints == 2_000)
                #expect(line.actionId == setting.action)
            }
        }
    }

    @Test("an action's plan adds its allocations and its shares of the budget")
    func plan() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let setting = try await setting(services)
            try await services.makeAllocation(
                envelopeId: setting.envelope, actionId: setting.action, amountCents: 1_500_000)
            try await services.makeLine(funderId: setting.funder, actionId: setting.action, shareBasisPoints: 2_000)
            // MUT
            try await client.execute(uri: "/funding/plans/\(setting.action)", method: .get) { response in
                // validate
                let plan = try response.decoded(Components.Schemas.FinancingPlan.self)
                #expect(plan.financedCents == 2_100_000)
                #expect(plan.coverageBasisPoints == 7_000)
            }
        }
    }

    @Test("the summary totals what is granted, allocated and remaining")
    func summary() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let setting = try await setting(services)
            try await services.makeAllocation(
                envelopeId: setting.envelope, actionId: setting.action, amountCents: 1_500_000)
            try await services.makeLine(funderId: setting.funder, actionId: setting.action, shareBasisPoints: 2_000)
            // MUT
            try await client.execute(uri: "/funding/summary", method: .get) { response in
                // validate
                let overall = try response.decoded(Components.Schemas.FundingSummary.self).overall
                #expect(overall.grantedCents == 2_000_000)
                #expect(overall.allocatedCents == 1_500_000)
                #expect(overall.remainingCents == 500_000)
            }
        }
    }

    // About the seed: the seeded envelopes and an allocation on the third one, the ledger of a fresh install.
    @Test("the summary of the seeded ledger with an allocation")
    func seededSummary() async throws {
        try await withApp { client, services in
            let action = try await services.makeAction(axisId: 1, title: "Médiateurs", budgetCents: 3_000_000)
            try await services.makeAllocation(envelopeId: 3, actionId: action.action.id!, amountCents: 1_500_000)
            try await client.execute(uri: "/funding/summary", method: .get) { response in
                let overall = try response.decoded(Components.Schemas.FundingSummary.self).overall
                #expect(overall.allocatedCents == 1_500_000)
                #expect(overall.remainingCents == 9_600_000)
            }
        }
    }

    @Test("an action with funding cannot be deleted: 409 problem")
    func deleteFundedAction() async throws {
        try await withApp(seed: .none) { client, services in
            let setting = try await setting(services)
            try await services.makeAllocation(
                envelopeId: setting.envelope, actionId: setting.action, amountCents: 1_500_000)
            try await client.execute(uri: "/actions/\(setting.action)", method: .delete) {
                $0.expectProblem(.conflict)
            }
            #expect(try await services.actions.get(id: setting.action).action.id == setting.action)
        }
    }

    @Test("the CSV export is text/csv with the SCDL header")
    func export() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/funding/export.csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(
                    String(buffer: response.body).dropFirst().hasPrefix("nomAttribuant,idAttribuant,dateConvention"))
            }
        }
    }

    @Test("an envelope from a funder that does not exist is a 422 problem naming funderId")
    func unknownFunder() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/funding/envelopes", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": 999999, "label": "X", "amountCents": 100}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["funderId"])
            }
        }
    }

    @Test("an envelope of zero is a 400 problem naming amountCents")
    func zeroAmount() async throws {
        try await withApp { client, services in
            let funder = try await services.makePartner("Financeur d'essai", roles: [.funder])
            try await client.execute(
                uri: "/funding/envelopes", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": \#(funder.partner.id!), "label": "X", "amountCents": 0}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["amountCents"])
            }
        }
    }

    @Test("an amount that is not a whole number of cents is a 400 problem")
    func fractionalAmount() async throws {
        try await withApp { client, services in
            let funder = try await services.makePartner("Financeur d'essai", roles: [.funder])
            try await client.execute(
                uri: "/funding/envelopes", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": \#(funder.partner.id!), "label": "X", "amountCents": 12.5}"#)
            ) { $0.expectProblem(.badRequest) }
        }
    }
}
