import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Roadmap
import RoadmapServer
import Testing
import Yams

@testable import RoadmapAPI

/// What integrators rely on beyond the resources: the contract as JSON, merge-patch bodies,
/// the headers a browser may read.
@Suite("For integrators")
struct IntegratorTests {
    @Test("GET /openapi.json is the contract of /openapi.yaml, as JSON")
    func contractAsJSON() async throws {
        try await withApp(seed: .none) { client, _ in
            let yaml = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let document = try #require(
                    try Yams.load(yaml: yaml, Resolver.default.removing(.timestamp)) as? [String: Any])
                #expect(json["openapi"] as? String == "3.1.0")
                #expect(
                    Set((json["paths"] as? [String: Any] ?? [:]).keys)
                        == Set((document["paths"] as? [String: Any] ?? [:]).keys))
                let schemas = { (root: [String: Any]) in
                    ((root["components"] as? [String: Any])?["schemas"] as? [String: Any])?.keys
                }
                #expect(schemas(json).map(Set.init) == schemas(document).map(Set.init))
            }
        }
    }

    @Test("a PATCH sent as application/merge-patch+json (RFC 7396) is applied like application/json, null clearing")
    func mergePatchMediaType() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.axes.create(
                AxisInput(number: 7, title: "Axe", description: "à effacer"), by: .commandLine)
            // MUT
            try await client.execute(
                uri: "/axes/\(axis.axis.id!)", method: .patch, headers: [.contentType: "application/merge-patch+json"],
                body: json(#"{"title": "Axe renommé", "description": null}"#)
            ) { response in
                // validate
                #expect(response.status == .ok)
                let body = try response.decoded(Components.Schemas.Axis.self)
                #expect(body.title == "Axe renommé")
                #expect(body.description == nil)
            }
        }
    }

    @Test("a browser front end may read Idempotent-Replayed (exposed through CORS)")
    func replayHeaderExposed() async throws {
        var arguments = OriginArguments()
        arguments.corsOrigins = ["https://front.gers.fr"]
        let app = try buildApplication(
            arguments, services: RoadmapServices(database: try AppDatabase.inMemory(seed: .none)))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://front.gers.fr"]) {
                response in
                let exposed = (response.headers[.accessControlExposeHeaders] ?? "").split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(exposed.contains("Idempotent-Replayed"))
                #expect(exposed.contains("ETag"))
            }
        }
    }
}

private struct OriginArguments: AppArguments {
    var hostname = "127.0.0.1"
    var port = 0
    var databasePath: String? = nil
    var seed: SeedPolicy = .none
    var logLevel: Logger.Level = .critical
    var corsOrigins: [String] = []
}
