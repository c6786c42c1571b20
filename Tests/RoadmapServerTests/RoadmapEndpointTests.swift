import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// The roadmap is a singleton that only the seed creates: these tests run on the Gers seed.
@Suite("Roadmap over HTTP")
struct RoadmapEndpointTests {
    // About the seed: the Gers roadmap served on a fresh install.
    @Test("GET /roadmap: territory, date, place, signatories, pilot, supporters, timeline")
    func get() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/roadmap", method: .get) { response in
                #expect(response.status == .ok)
                let roadmap = try response.decoded(Components.Schemas.Roadmap.self)
                #expect(roadmap.territory.code == "32")
                #expect(roadmap.signedOn == "2025-01-24")
                #expect(roadmap.signingPlace == "Préfecture du Gers")
                #expect(roadmap.coSignatories.count == 3)
                #expect(roadmap.pilot.representedBy == "sous-préfet de l'arrondissement de Mirande")
                #expect(
                    roadmap.supporters.map(\.label) == [
                        "cabinet ONX", "coordinatrice départementale des conseillers numériques",
                    ])
                #expect(
                    roadmap.timeline.map(\.periodLabel) == [
                        "automne 2023", "Durant l'année 2024", "vendredi 24 janvier 2025",
                    ])
                #expect(roadmap.timeline.last?.participantsApprox == 50)
                #expect(response.headers[.eTag] != nil)
            }
        }
    }

    @Test("PATCH /roadmap edits it")
    func patch() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders, body: json(#"{"signingPlace": "Auch"}"#)
            ) { response in
                #expect(response.status == .ok)
                let roadmap = try response.decoded(Components.Schemas.Roadmap.self)
                #expect(roadmap.signingPlace == "Auch")
            }
        }
    }

    @Test("PATCH /roadmap with an invalid date is a 400 problem naming signedOn")
    func patchInvalidDate() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders, body: json(#"{"signedOn": "2025-02-30"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["signedOn"])
            }
        }
    }

    @Test("PATCH /roadmap with a co-signatory naming no partner is a 422 problem naming its partnerId")
    func patchUnknownPartner() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders,
                body: json(#"{"coSignatories": [{"title": "préfet", "partnerId": 999999}]}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["coSignatories[0].partnerId"])
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
