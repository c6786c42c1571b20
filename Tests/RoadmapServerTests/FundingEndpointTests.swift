import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@Suite("Funding over HTTP")
struct FundingEndpointTests {
    @Test("the tour: envelopes, allocation, over-allocation refused with the remaining amount, plan and summary")
    func tour() async throws {
        try await withApp { client, services in
            let action = try await services.actions.create(
                ActionInput(axisId: 1, leadPartnerId: 3, title: "Médiateurs", budgetCents: 3_000_000), by: .anonymous
            ).action.id!
            try await client.execute(uri: "/funding/envelopes", method: .get) { response in
                #expect(
                    (response.object["items"] as? [[String: Any]])?.compactMap { $0["amountCents"] as? Int } == [
                        4_100_000, 5_000_000, 2_000_000,
                    ])
            }
            try await client.execute(
                uri: "/funding/envelopes/3/allocations", method: .post, headers: jsonHeaders,
                body: json(#"{"actionId": \#(action), "amountCents": 1500000}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/funding/envelopes/3/allocations", method: .post, headers: jsonHeaders,
                body: json(#"{"actionId": \#(action), "amountCents": 600000}"#)
            ) { response in
                response.expectProblem(.conflict)
                #expect((response.object["detail"] as? String)?.contains("500000 cents") == true)
            }
            try await client.execute(
                uri: "/funding/lines", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": 3, "actionId": \#(action), "shareBasisPoints": 2000}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(uri: "/funding/plans/\(action)", method: .get) { response in
                #expect(response.object["financedCents"] as? Int == 2_100_000)
                #expect(response.object["coverageBasisPoints"] as? Int == 7_000)
            }
            try await client.execute(uri: "/funding/summary", method: .get) { response in
                let overall = response.object["overall"] as? [String: Any] ?? [:]
                #expect(overall["allocatedCents"] as? Int == 1_500_000)
                #expect(overall["remainingCents"] as? Int == 9_600_000)
            }
            try await client.execute(uri: "/actions/\(action)", method: .delete) { $0.expectProblem(.conflict) }
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

    @Test("bad amounts and unknown references are 4xx problems naming the field")
    func problems() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/funding/envelopes", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": 999, "label": "X", "amountCents": 100}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                #expect(response.problemFields == ["funderId"])
            }
            try await client.execute(
                uri: "/funding/envelopes", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": 1, "label": "X", "amountCents": 0}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["amountCents"])
            }
            try await client.execute(
                uri: "/funding/envelopes", method: .post, headers: jsonHeaders,
                body: json(#"{"funderId": 1, "label": "X", "amountCents": 12.5}"#)
            ) { $0.expectProblem(.badRequest) }
        }
    }
}
