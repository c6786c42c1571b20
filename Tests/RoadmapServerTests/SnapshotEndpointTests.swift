import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// The roadmap at a moment, versions and differences over HTTP (issue 17), as staff would
/// freeze the signed roadmap and compare it with today's.
@Suite("Snapshots, versions and differences over HTTP")
struct SnapshotEndpointTests {
    static func post(_ client: APIClient, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: json(body))
        { $0 }
    }

    @Test("the signed roadmap: GET /roadmap/snapshot?asOf=2025-01-24 on a fresh install lists every seeded resource")
    func signed() async throws {
        try await withApp { client, _ in
            let snapshot = try await client.execute(uri: "/roadmap/snapshot?asOf=2025-01-24", method: .get) {
                response in
                #expect(response.status == .ok)
                return try response.decoded(Components.Schemas.Snapshot.self)
            }
            #expect(snapshot.resources.axes.count == 4)
            #expect(snapshot.resources.partners.count == 12)
            #expect(snapshot.resources.groups.count == 3)
            #expect(
                snapshot.resources.envelopes.map(\.path) == [
                    "/funding/envelopes/1", "/funding/envelopes/2", "/funding/envelopes/3",
                ])
            #expect(snapshot.resources.actions.isEmpty)
        }
    }

    @Test("POST /roadmap/versions freezes it: 201 with Location; the same label again is a 409; GET lists and reads it")
    func freeze() async throws {
        try await withApp { client, _ in
            let created = try await Self.post(
                client, "/roadmap/versions", #"{"label": "Version signée du 24 janvier 2025", "asOf": "2025-01-24"}"#)
            #expect(created.status == .created)
            let version = try created.decoded(Components.Schemas.Version.self)
            #expect(created.headers[.location] == "/roadmap/versions/\(version.id)")
            let again = try await Self.post(
                client, "/roadmap/versions", #"{"label": "version signee du 24 janvier 2025"}"#)
            #expect(again.status == .conflict)
            let anonymous = try await Self.post(client.anonymous, "/roadmap/versions", #"{"label": "autre"}"#)
            #expect(anonymous.status == .unauthorized)
            let list = try await client.execute(uri: "/roadmap/versions", method: .get) {
                try $0.decoded(Components.Schemas.VersionList.self)
            }
            #expect(list.items.map(\.label) == ["Version signée du 24 janvier 2025"])
            let detail = try await client.execute(uri: "/roadmap/versions/\(version.id)", method: .get) {
                try $0.decoded(Components.Schemas.VersionDetail.self)
            }
            #expect(detail.value2.snapshot.resources.axes.count == 4)
            try await client.execute(uri: "/roadmap/versions/99", method: .get) { $0.expectProblem(.notFound) }
        }
    }

    @Test("GET /roadmap/diff?fromVersion=: what changed since, per resource; a missing or doubled start is a 400")
    func difference() async throws {
        try await withApp { client, _ in
            _ = try await Self.post(client, "/roadmap/versions", #"{"label": "signée", "asOf": "2025-01-24"}"#)
            try await client.execute(
                uri: "/funding/envelopes/1", method: .patch, headers: [.contentType: "application/json"],
                body: json(#"{"amountCents": 4300000}"#)
            ) { #expect($0.status == .ok) }
            let diff = try await client.execute(uri: "/roadmap/diff?fromVersion=1", method: .get) { response in
                #expect(response.status == .ok)
                return try response.decoded(Components.Schemas.RoadmapDiff.self)
            }
            #expect(diff.from.versionId == 1 && diff.from.label == "signée")
            #expect(diff.resources.map(\.resource) == [.envelopes])
            let change = try #require(diff.resources.first?.changed.first)
            #expect(change.path == "/funding/envelopes/1")
            #expect(change.changes.additionalProperties.keys.sorted() == ["amountCents"])
            for uri in ["/roadmap/diff", "/roadmap/diff?from=2025-01-24&fromVersion=1", "/roadmap/diff?from=demain"] {
                let problem = try await client.execute(uri: uri, method: .get) { response in
                    response.expectProblem(.badRequest)
                    return try response.problem()
                }
                #expect(problem.errors?.map(\.field) == ["from"], "\(uri)")
            }
        }
    }

    @Test("done when: an action's budget and status changed after « version signée » show in the JSON and on the page")
    func signedVersusNow() async throws {
        try await withApp { client, services in
            // setup: an action, the roadmap frozen, then its budget and status change
            let action = try await services.makeAction(axisId: 1, title: "Former les agents", budgetCents: 1_500_000)
            let id = action.action.id!
            _ = try await Self.post(client, "/roadmap/versions", #"{"label": "Version signée du 24 janvier 2025"}"#)
            for body in [#"{"status": "planned"}"#, #"{"budgetCents": 1800000}"#] {
                try await client.execute(
                    uri: "/actions/\(id)", method: .patch, headers: [.contentType: "application/json"], body: json(body)
                ) { #expect($0.status == .ok) }
            }
            // MUT
            let diff = try await client.execute(uri: "/roadmap/diff?fromVersion=1", method: .get) {
                try $0.decoded(Components.Schemas.RoadmapDiff.self)
            }
            let html = try await client.execute(uri: "/roadmap/diff.html?fromVersion=1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                return String(buffer: response.body)
            }
            // validate
            let changed = try #require(diff.resources.first { $0.resource == .actions }?.changed.first)
            #expect(changed.label == "Former les agents")
            #expect(Set(changed.changes.additionalProperties.keys).isSuperset(of: ["budgetCents", "status"]))
            #expect(html.contains("<html lang=\"fr\">") && !html.lowercased().contains("<script"))
            #expect(html.contains("budgetCents : 15\u{202F}000,00 € → 18\u{202F}000,00 €"))
            #expect(html.contains("status : Brouillon → Planifiée"))
            #expect(html.contains("« Version signée du 24 janvier 2025 » (version 1)"))
            try await client.execute(uri: "/roadmap/diff.html?fromVersion=9", method: .get) {
                $0.expectProblem(.notFound)
            }
        }
    }
}
