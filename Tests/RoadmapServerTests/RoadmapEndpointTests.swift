import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@Suite("Roadmap over HTTP")
struct RoadmapEndpointTests {
    @Test("GET /roadmap: territory, date, place, signatories, pilot, supporters, timeline")
    func get() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/roadmap", method: .get) { response in
                #expect(response.status == .ok)
                let body = response.object
                #expect((body["territory"] as? [String: Any])?["code"] as? String == "32")
                #expect(body["signedOn"] as? String == "2025-01-24")
                #expect(body["signingPlace"] as? String == "Préfecture du Gers")
                #expect((body["coSignatories"] as? [[String: Any]])?.count == 3)
                #expect(
                    (body["pilot"] as? [String: Any])?["representedBy"] as? String
                        == "sous-préfet de l'arrondissement de Mirande")
                #expect(
                    (body["supporters"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == [
                        "cabinet ONX", "coordinatrice départementale des conseillers numériques",
                    ])
                let timeline = body["timeline"] as? [[String: Any]] ?? []
                #expect(
                    timeline.compactMap { $0["periodLabel"] as? String } == [
                        "automne 2023", "Durant l'année 2024", "vendredi 24 janvier 2025",
                    ])
                #expect(timeline.last?["participantsApprox"] as? Int == 50)
                #expect(response.headers[.eTag] != nil)
            }
        }
    }

    @Test("PATCH /roadmap edits it; an invalid date is a 400 naming signedOn")
    func patch() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders, body: json(#"{"signingPlace": "Auch"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.object["signingPlace"] as? String == "Auch")
            }
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders, body: json(#"{"signedOn": "2025-02-30"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["signedOn"])
            }
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders,
                body: json(#"{"coSignatories": [{"title": "préfet", "partnerId": 999}]}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                #expect(response.problemFields == ["coSignatories[0].partnerId"])
            }
        }
    }

    @Test("an empty database has no roadmap: 404 problem")
    func emptyDatabase() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.execute(uri: "/roadmap", method: .get) { $0.expectProblem(.notFound) }
        }
    }
}
