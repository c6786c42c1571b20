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

    @Test(
        "every operation declares 400, 405 and 406, and every operation that reads the database 503, so clients can read them"
    )
    func edgeStatusesDeclared() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let root = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        var operations = 0
        for (path, item) in paths {
            for (method, value) in item where ["get", "post", "patch", "put", "delete"].contains(method) {
                let operation = try #require(value as? [String: Any])
                let codes = Set((operation["responses"] as? [AnyHashable: Any] ?? [:]).keys.map { "\($0)" })
                operations += 1
                #expect(codes.contains("406"), "\(method) \(path) does not declare 406")
                #expect(codes.contains("405"), "\(method) \(path) does not declare 405")
                #expect(codes.contains("400"), "\(method) \(path) does not declare 400")
                // These answer from memory, never from the database.
                if !["/openapi.yaml", "/openapi.json", "/labels", "/docs"].contains(path) {
                    #expect(codes.contains("503"), "\(method) \(path) does not declare 503")
                }
            }
        }
        #expect(operations > 60)
    }

    @Test(
        "security is declared so that generators read it right: a token on each write, optional on reads, none on public operations"
    )
    func securityForGenerators() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let root = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let global = try #require(root["security"] as? [[String: Any]])
        #expect(global.contains { $0.isEmpty } && global.contains { $0["bearerAuth"] != nil }, "reads: a token or none")
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            for (method, value) in item where ["get", "post", "patch", "put", "delete"].contains(method) {
                let operation = try #require(value as? [String: Any])
                let security = operation["security"] as? [[String: Any]]
                switch operation["x-required-role"] as? String {
                case "editor", "admin":
                    #expect(
                        security?.count == 1 && security?.first?["bearerAuth"] != nil,
                        "\(method) \(path) must require bearerAuth itself")
                case "reader" where operation["x-personal-data"] as? Bool == true:
                    #expect(
                        security?.count == 1 && security?.first?["bearerAuth"] != nil,
                        "\(method) \(path) reads personal data: it must require bearerAuth itself")
                case "reader":
                    #expect(security == nil, "\(method) \(path) inherits the optional token")
                default:
                    #expect(security?.isEmpty == true, "\(method) \(path) is public: security []")
                }
            }
        }
    }

    @Test("/openapi.yaml answers text/yaml to a client that asks for it, application/yaml otherwise")
    func contractMediaTypes() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.execute(uri: "/openapi.yaml", method: .get, headers: [.accept: "text/yaml"]) {
                #expect($0.headers[.contentType] == "text/yaml")
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) {
                #expect($0.headers[.contentType] == "application/yaml")
            }
        }
    }

    @Test("an Accept header the operation cannot satisfy is a 406 problem")
    func notAcceptable() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.execute(uri: "/axes", method: .get, headers: [.accept: "text/html"]) { response in
                response.expectProblem(.notAcceptable)
            }
        }
    }

    @Test("GET /labels gives the French label of every value of every vocabulary, without a token")
    func labels() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.anonymous.execute(uri: "/labels", method: .get) { response in
                #expect(response.status == .ok)
                let labels = try response.decoded(Components.Schemas.Labels.self)
                #expect(labels.actionStatus.additionalProperties["in_progress"] == "En cours")
                let vocabularies: [(served: [String: String], values: [String])] = [
                    (
                        labels.actionStatus.additionalProperties,
                        Components.Schemas.ActionStatus.allCases.map(\.rawValue)
                    ),
                    (labels.partnerKind.additionalProperties, Components.Schemas.PartnerKind.allCases.map(\.rawValue)),
                    (labels.partnerRole.additionalProperties, Components.Schemas.PartnerRole.allCases.map(\.rawValue)),
                    (labels.memberRole.additionalProperties, Components.Schemas.MemberRole.allCases.map(\.rawValue)),
                    (labels.role.additionalProperties, Components.Schemas.Role.allCases.map(\.rawValue)),
                    (
                        labels.changeOperation.additionalProperties,
                        Components.Schemas.ChangeBase.OperationPayload.allCases.map(\.rawValue)
                    ),
                ]
                for vocabulary in vocabularies {
                    #expect(Set(vocabulary.served.keys) == Set(vocabulary.values))
                    #expect(vocabulary.served.values.allSatisfy { !$0.isEmpty })
                }
            }
        }
    }

    @Test("the contract's x-enum-labels are the labels /labels serves, in the order of each enum")
    func contractLabels() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let root = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let schemas = try #require((root["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        func labelled(_ schema: [String: Any]?) -> [String: String] {
            let values = schema?["enum"] as? [String] ?? []
            let labels = schema?["x-enum-labels"] as? [String] ?? []
            return values.count == labels.count ? Dictionary(uniqueKeysWithValues: zip(values, labels)) : [:]
        }
        #expect(labelled(schemas["ActionStatus"]) == ActionStatus.frenchLabels)
        #expect(labelled(schemas["PartnerKind"]) == PartnerKind.frenchLabels)
        #expect(labelled(schemas["PartnerRole"]) == PartnerRole.frenchLabels)
        #expect(labelled(schemas["MemberRole"]) == GroupMemberRole.frenchLabels)
        #expect(labelled(schemas["Role"]) == AccessRole.frenchLabels)
        let change = (schemas["ChangeBase"]?["properties"] as? [String: Any])?["operation"] as? [String: Any]
        #expect(labelled(change) == ChangeRecord.Operation.frenchLabels)
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
