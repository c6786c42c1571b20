import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// Grant requests over HTTP (issue 15), as a new user would try them with curl on the seeded
/// roadmap: a request on a State envelope, through review, acceptance for less, convention and
/// two payments, the summary and the action's plan at each step, then the SCDL file.
@Suite("Grants over HTTP")
struct GrantsEndpointTests {
    /// An action of axe 2 with a budget of 15 000,00 €, led by an association with an RNA
    /// number; the seeded envelope 1 (41 000,00 € of the Préfecture du Gers, given a SIRET).
    static func setting(
        _ client: APIClient, _ services: RoadmapServices
    ) async throws -> (action: Int64, partner: Int64) {
        let partner = try await services.partners.create(
            PartnerInput(name: "Association des aidants du Gers", kind: .association, rna: "W321000123"),
            by: .commandLine)
        let action = try await services.actions.create(
            ActionInput(
                axisId: 2, leadPartnerId: partner.partner.id!, title: "Former les agents d'accueil des mairies",
                budgetCents: 1_500_000),
            by: .commandLine)
        var patch = PartnerPatch()
        patch.siret = .set("13000181200010")
        _ = try await services.partners.update(id: 1, patch, by: .commandLine)
        return (action.action.id!, partner.partner.id!)
    }

    static func send(
        _ client: APIClient, _ method: HTTPRequest.Method, _ uri: String, _ body: String
    ) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: method, headers: [.contentType: "application/json"], body: json(body)
        ) { $0 }
    }

    @Test("the whole cycle with curl: file, review, accept for less, convention, pay twice; summary and plan follow")
    func lifecycle() async throws {
        try await withApp { client, services in
            let (action, partner) = try await Self.setting(client, services)
            let before = try await client.execute(uri: "/funding/summary", method: .get) {
                try $0.decoded(Components.Schemas.FundingSummary.self)
            }
            // file
            let filed = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 1, "requestedCents": 1200000, "paymentConditions": "instalments", "beneficiaries": [{"partnerId": \#(partner), "requestedCents": 1200000}]}"#
            )
            #expect(filed.status == .created)
            let grant = try filed.decoded(Components.Schemas.Grant.self)
            #expect(grant.status == .submitted && grant.allowedTransitions == [.underReview, .withdrawn])
            #expect(filed.headers[.location] == "/funding/grants/\(grant.id)")
            let uri = "/funding/grants/\(grant.id)"
            // review, accept for less
            #expect(try await Self.send(client, .patch, uri, #"{"status": "under_review"}"#).status == .ok)
            let accepted = try await Self.send(client, .patch, uri, #"{"status": "accepted", "grantedCents": 1000000}"#)
            #expect(accepted.status == .ok)
            #expect(try accepted.decoded(Components.Schemas.Grant.self).beneficiaries.first?.grantedCents == 1_000_000)
            let summary = try await client.execute(uri: "/funding/summary", method: .get) {
                try $0.decoded(Components.Schemas.FundingSummary.self)
            }
            #expect(summary.overall.awardedCents == before.overall.awardedCents + 1_000_000)
            #expect(summary.overall.remainingCents == before.overall.remainingCents - 1_000_000)
            #expect(summary.overall.requestedCents == before.overall.requestedCents + 1_200_000)
            // convention, pay twice
            #expect(
                try await Self.send(
                    client, .patch, uri,
                    #"{"status": "conventioned", "conventionDate": "2026-03-15", "decisionReference": "Arrêté 32-2026-041"}"#
                ).status == .ok)
            let first = try await Self.send(
                client, .post, "\(uri)/payments", #"{"paidOn": "2026-04-01", "amountCents": 600000}"#)
            #expect(first.status == .created)
            #expect(first.headers[.eTag] != nil)
            let second = try await Self.send(
                client, .post, "\(uri)/payments", #"{"paidOn": "2026-10-01", "amountCents": 400000}"#)
            #expect(second.status == .created)
            let closed = try await client.execute(uri: uri, method: .get) {
                try $0.decoded(Components.Schemas.Grant.self)
            }
            #expect(closed.status == .closed && closed.paidCents == 1_000_000 && closed.remainingToPayCents == 0)
            let plan = try await client.execute(uri: "/funding/plans/\(action)", method: .get) {
                try $0.decoded(Components.Schemas.FinancingPlan.self)
            }
            #expect(plan.awardedCents == 1_000_000 && plan.paidCents == 1_000_000)
            #expect(plan.grants.map(\.id) == [grant.id])
            // the SCDL file lists it, the association named by its RNA number
            let csv = try await client.execute(uri: "/funding/export.csv", method: .get) { String(buffer: $0.body) }
            let rows = csv.split(separator: "\r\n")
            #expect(rows.count == 2)
            #expect(rows[1].contains(",W321000123,") && rows[1].contains(",10000.00,") && rows[1].contains(",1.0000,"))
            #expect(rows[1].contains(",2026-04-01/2026-10-01,") && rows[1].contains(",non,"))
        }
    }

    @Test("refusals, overdrafts, over-payments and illegal moves are 4xx problems naming the rule; nothing changes")
    func refusals() async throws {
        try await withApp { client, services in
            let (action, partner) = try await Self.setting(client, services)
            // over the action's budget
            let over = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 1, "requestedCents": 1500001, "beneficiaries": [{"partnerId": \#(partner), "requestedCents": 1500001}]}"#
            )
            over.expectProblem(.conflict)
            // beneficiaries that do not add up
            let parts = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 1, "requestedCents": 100, "beneficiaries": [{"partnerId": \#(partner), "requestedCents": 99}]}"#
            )
            parts.expectProblem(.badRequest)
            #expect(try parts.problem().errors?.map(\.field) == ["beneficiaries"])
            // an unknown partner
            let unknown = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 1, "requestedCents": 100, "beneficiaries": [{"partnerId": 99999, "requestedCents": 100}]}"#
            )
            unknown.expectProblem(.unprocessableContent)
            let list = try await client.execute(uri: "/funding/grants", method: .get) {
                try $0.decoded(Components.Schemas.GrantPage.self)
            }
            #expect(list.items.isEmpty)
            // an illegal move names the allowed next states
            let filed = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 3, "requestedCents": 1500000, "beneficiaries": [{"partnerId": \#(partner), "requestedCents": 1500000}]}"#
            )
            let id = try filed.decoded(Components.Schemas.Grant.self).id
            let illegal = try await Self.send(client, .patch, "/funding/grants/\(id)", #"{"status": "conventioned"}"#)
            illegal.expectProblem(.conflict)
            #expect(try illegal.problem().detail?.contains("under_review, withdrawn") == true)
            // an overdraft at acceptance: envelope 3 holds 20 000,00 €, 15 000,00 € asked, then the rest is taken
            _ = try await Self.send(client, .patch, "/funding/grants/\(id)", #"{"status": "under_review"}"#)
            _ = try await services.funding.allocate(
                envelopeId: 3, AllocationInput(actionId: action, amountCents: 1_000_000), by: .commandLine)
            let overdraft = try await Self.send(
                client, .patch, "/funding/grants/\(id)", #"{"status": "accepted", "grantedCents": 1500000}"#)
            overdraft.expectProblem(.conflict)
            #expect(try overdraft.problem().detail?.contains("1000000 cents") == true)
            let still = try await client.execute(uri: "/funding/grants/\(id)", method: .get) {
                try $0.decoded(Components.Schemas.Grant.self)
            }
            #expect(still.status == .underReview && still.grantedCents == nil)
            // an over-payment
            _ = try await Self.send(
                client, .patch, "/funding/grants/\(id)", #"{"status": "accepted", "grantedCents": 1000000}"#)
            _ = try await Self.send(
                client, .patch, "/funding/grants/\(id)", #"{"status": "conventioned", "conventionDate": "2026-05-01"}"#)
            let overpaid = try await Self.send(
                client, .post, "/funding/grants/\(id)/payments", #"{"paidOn": "2026-06-01", "amountCents": 1000001}"#)
            overpaid.expectProblem(.conflict)
            let payments = try await client.execute(uri: "/funding/grants/\(id)/payments", method: .get) {
                try $0.decoded(Components.Schemas.PaymentList.self)
            }
            #expect(payments.items.isEmpty)
        }
    }

    @Test("readiness lists a conventioned grant the SCDL file cannot publish, with exactly what it lacks")
    func readiness() async throws {
        try await withApp { client, services in
            let (action, _) = try await Self.setting(client, services)
            let bare = try await services.makePartner("Bénéficiaire sans identifiant")
            let filed = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 2, "requestedCents": 500000, "beneficiaries": [{"partnerId": \#(bare.partner.id!), "requestedCents": 500000}]}"#
            )
            let id = try filed.decoded(Components.Schemas.Grant.self).id
            for body in [
                #"{"status": "under_review"}"#, #"{"status": "accepted", "grantedCents": 500000}"#,
                #"{"status": "conventioned", "conventionDate": "2026-05-01"}"#,
            ] {
                #expect(try await Self.send(client, .patch, "/funding/grants/\(id)", body).status == .ok)
            }
            let readiness = try await client.execute(uri: "/funding/export/readiness", method: .get) {
                try $0.decoded(Components.Schemas.ExportReadiness.self)
            }
            #expect(readiness.items.count == 1)
            #expect(readiness.items.first?.grantId == id)
            #expect(readiness.items.first?.path == "/funding/grants/\(id)")
            #expect(
                readiness.items.first?.missing == ["idBeneficiaire", "rnaBeneficiaire", "datesPeriodeVersement"])
            let csv = try await client.execute(uri: "/funding/export.csv", method: .get) { String(buffer: $0.body) }
            #expect(csv.split(separator: "\r\n").count == 1, "an incomplete grant is not exported")
        }
    }

    @Test(
        "a grant and a payment carry ETags; a stale If-Match is a 412; the change feed names them grants and payments")
    func tagsAndFeed() async throws {
        try await withApp { client, services in
            let (action, partner) = try await Self.setting(client, services)
            let filed = try await Self.send(
                client, .post, "/funding/grants",
                #"{"actionId": \#(action), "envelopeId": 1, "requestedCents": 1000, "beneficiaries": [{"partnerId": \#(partner), "requestedCents": 1000}]}"#
            )
            let id = try filed.decoded(Components.Schemas.Grant.self).id
            let tag = try #require(filed.headers[.eTag])
            try await client.execute(uri: "/funding/grants/\(id)", method: .get, headers: [.ifNoneMatch: tag]) {
                #expect($0.status == .notModified)
            }
            try await client.execute(
                uri: "/funding/grants/\(id)", method: .patch,
                headers: [.contentType: "application/json", .ifMatch: "\"stale\""], body: json(#"{"notes": "x"}"#)
            ) { $0.expectProblem(.preconditionFailed) }
            let history = try await client.execute(uri: "/funding/grants/\(id)/history", method: .get) {
                try $0.decoded(Components.Schemas.ChangePage.self)
            }
            #expect(history.items.count == 1)
            let changes = try await client.execute(uri: "/changes?after=0&limit=500", method: .get) {
                try $0.decoded(Components.Schemas.ChangePage.self)
            }
            let grantChanges = changes.items.filter { change in
                if case .grants = change { return true }
                return false
            }
            #expect(grantChanges.count == 1)
            // a withdrawn request is deleted
            _ = try await Self.send(client, .patch, "/funding/grants/\(id)", #"{"status": "withdrawn"}"#)
            try await client.execute(uri: "/funding/grants/\(id)", method: .delete) { #expect($0.status == .noContent) }
        }
    }
}
