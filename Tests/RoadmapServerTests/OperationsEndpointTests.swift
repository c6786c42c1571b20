import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Roadmap
import Testing

@testable import RoadmapServer

@Suite("Operations: metrics, export, CORS, settings")
struct OperationsEndpointTests {
    @Test("/metrics counts requests by route template and status, and times database transactions")
    func metricsMove() async throws {
        let metrics = AppMetrics()
        let services = RoadmapServices(database: try AppDatabase.inMemory(seed: .none, metrics: metrics.factory))
        var ids: [Int64] = []
        for number in 50...52 {
            ids.append(try await services.makeAxis(number: number, title: "Axe \(number)").axis.id!)
        }
        let app = try buildApplication(TestArguments(), services: services, metrics: metrics)
        try await app.test(.router) { [ids] client in
            for id in ids { try await client.execute(uri: "/axes/\(id)", method: .get) { #expect($0.status == .ok) } }
            try await client.execute(uri: "/axes/999999", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"fne_http_requests_total{route="/axes/{id}",method="GET",status="200"} 3"#))
                #expect(text.contains(#"fne_http_requests_total{route="/axes/{id}",method="GET",status="404"} 1"#))
                #expect(text.contains("fne_http_request_duration_seconds_bucket"))
                #expect(text.contains(#"fne_db_transaction_duration_seconds_count{kind="read"}"#))
                #expect(text.contains("fne_database_size_bytes"))
            }
        }
    }

    @Test("GET /export is the domain's export document")
    func export() async throws {
        try await withApp { client, services in
            let expected = try await services.database.exportDocument()
            try await client.execute(uri: "/export", method: .get) { response in
                #expect(response.status == .ok)
                let served =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? NSDictionary
                let domain = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
                #expect(served == domain)
            }
        }
    }

    /// An application that allows one front-end origin, on an empty database with one axis,
    /// whose id `test` receives.
    private func withCORSApp(_ test: @Sendable (any TestClientProtocol, Int64) async throws -> Void) async throws {
        var arguments = CORSArguments()
        arguments.corsOrigins = ["https://front.gers.fr"]
        let services = RoadmapServices(database: try AppDatabase.inMemory(seed: .none))
        let axis = try await services.makeAxis().axis.id!
        let app = try buildApplication(arguments, services: services)
        try await app.test(.router) { client in try await test(client, axis) }
    }

    @Test("a preflight from an allowed origin succeeds with the API's methods and headers")
    func preflightAllowed() async throws {
        try await withCORSApp { client, axis in
            try await client.execute(
                uri: "/axes/\(axis)", method: .options,
                headers: [
                    .origin: "https://front.gers.fr", .accessControlRequestMethod: "PATCH",
                    .accessControlRequestHeaders: "if-match, authorization, idempotency-key",
                ]
            ) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://front.gers.fr")
                let methods = response.headers[.accessControlAllowMethods] ?? ""
                #expect(methods.contains("PATCH") && methods.contains("DELETE"))
                let headers = response.headers[.accessControlAllowHeaders] ?? ""
                for name in ["If-Match", "Authorization", "Idempotency-Key", "Content-Type"] {
                    #expect(headers.contains(name))
                }
            }
            try await client.execute(uri: "/axes/\(axis)", method: .get, headers: [.origin: "https://front.gers.fr"]) {
                response in
                #expect(response.headers[.accessControlAllowOrigin] == "https://front.gers.fr")
                #expect(response.headers[.accessControlExposeHeaders]?.contains("ETag") == true)
            }
        }
    }

    @Test("a preflight from another origin is refused and its requests get no CORS header")
    func preflightRefused() async throws {
        try await withCORSApp { client, axis in
            try await client.execute(
                uri: "/axes/\(axis)", method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "PATCH"]
            ) { response in
                response.expectProblem(.forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/axes/\(axis)", method: .get, headers: [.origin: "https://evil.example"]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test("once an origin is allowed, every response varies on Origin, with or without one")
    func varyOrigin() async throws {
        try await withCORSApp { client, axis in
            for origin in [nil, "https://front.gers.fr", "https://evil.example"] {
                var headers = HTTPFields()
                if let origin { headers[.origin] = origin }
                for uri in ["/axes/\(axis)", "/axes/999999", "/nowhere"] {
                    try await client.execute(uri: uri, method: .get, headers: headers) { response in
                        #expect(
                            response.headers[values: .vary].contains("Origin"), "\(uri) from \(origin ?? "no origin")")
                    }
                }
            }
        }
    }

    @Test("no origin is allowed by default")
    func noOriginByDefault() async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis().axis.id!
            try await client.execute(
                uri: "/axes/\(axis)", method: .options,
                headers: [.origin: "https://front.gers.fr", .accessControlRequestMethod: "GET"]
            ) { response in
                response.expectProblem(.forbidden)
            }
        }
    }

    @Test("settings come from flags, then the environment, then defaults")
    func settingsResolution() throws {
        let defaults = try ServerSettings.resolve(
            host: nil, port: nil, databasePath: nil, noSeed: false, logLevel: nil, environment: [:])
        #expect(defaults.hostname == "127.0.0.1" && defaults.port == 8080 && defaults.databasePath == "fne-api.sqlite")
        #expect(defaults.seed == .gers && defaults.logFormat == .text && defaults.corsOrigins.isEmpty)
        #expect(defaults.readCacheBytes == 16 << 20)
        #expect(defaults.idleTimeoutSeconds == 60 && defaults.headerTimeoutSeconds == 10)
        let environment = [
            "FNE_HOST": "0.0.0.0", "FNE_PORT": "9000", "FNE_DB": "/data/x.sqlite", "FNE_NO_SEED": "1",
            "FNE_LOG_LEVEL": "debug", "FNE_LOG_FORMAT": "json",
            "FNE_CORS_ORIGINS": "https://a.fr, http://localhost:3000",
            "FNE_READ_CACHE_MB": "0", "FNE_DOCUMENT_MAX_MB": "5",
        ]
        let fromEnvironment = try ServerSettings.resolve(
            host: nil, port: nil, databasePath: nil, noSeed: false, logLevel: nil, environment: environment)
        #expect(
            fromEnvironment.hostname == "0.0.0.0" && fromEnvironment.port == 9000
                && fromEnvironment.databasePath == "/data/x.sqlite")
        #expect(
            fromEnvironment.seed == SeedPolicy.none && fromEnvironment.logLevel == .debug
                && fromEnvironment.logFormat == .json)
        #expect(fromEnvironment.corsOrigins == ["https://a.fr", "http://localhost:3000"])
        #expect(fromEnvironment.readCacheBytes == 0)
        #expect(fromEnvironment.documentMaximumBytes == 5_000_000)
        #expect(defaults.documentMaximumBytes == 25_000_000)
        let timeouts = try ServerSettings.resolve(
            host: nil, port: nil, databasePath: nil, noSeed: false, logLevel: nil, idleTimeout: 5,
            environment: ["FNE_IDLE_TIMEOUT": "30", "FNE_HEADER_TIMEOUT": "3"])
        #expect(timeouts.idleTimeoutSeconds == 5 && timeouts.headerTimeoutSeconds == 3)
        let flags = try ServerSettings.resolve(
            host: "::1", port: 7000, databasePath: "a.sqlite", noSeed: false, logLevel: "error",
            readCacheMegabytes: 64, environment: environment)
        #expect(
            flags.hostname == "::1" && flags.port == 7000 && flags.databasePath == "a.sqlite"
                && flags.logLevel == .error)
        #expect(flags.readCacheBytes == 64 << 20)
    }

    @Test(
        "invalid settings stop the start with a message naming the setting",
        arguments: [
            (["FNE_PORT": "eighty"], "FNE_PORT"), (["FNE_PORT": "70000"], "FNE_PORT"),
            (["FNE_LOG_LEVEL": "loud"], "FNE_LOG_LEVEL"),
            (["FNE_LOG_FORMAT": "xml"], "FNE_LOG_FORMAT"), (["FNE_CORS_ORIGINS": "front.gers.fr"], "FNE_CORS_ORIGINS"),
            (["FNE_CORS_ORIGINS": "https://a.fr/path"], "FNE_CORS_ORIGINS"), (["FNE_DB": ""], "FNE_DB"),
            (["FNE_HOST": "a b"], "FNE_HOST"),
            (["FNE_READ_CACHE_MB": "lots"], "FNE_READ_CACHE_MB"), (["FNE_READ_CACHE_MB": "-1"], "FNE_READ_CACHE_MB"),
            (["FNE_IDLE_TIMEOUT": "soon"], "FNE_IDLE_TIMEOUT"), (["FNE_IDLE_TIMEOUT": "0"], "FNE_IDLE_TIMEOUT"),
            (["FNE_HEADER_TIMEOUT": "-3"], "FNE_HEADER_TIMEOUT"),
            (["FNE_HEADER_TIMEOUT": "4000"], "FNE_HEADER_TIMEOUT"),
            (["FNE_DOCUMENT_MAX_MB": "big"], "FNE_DOCUMENT_MAX_MB"),
            (["FNE_DOCUMENT_MAX_MB": "0"], "FNE_DOCUMENT_MAX_MB"),
        ])
    func invalidSettings(environment: [String: String], name: String) {
        do {
            _ = try ServerSettings.resolve(
                host: nil, port: nil, databasePath: nil, noSeed: false, logLevel: nil, environment: environment)
            Issue.record("expected a settings error")
        } catch let error as SettingsError {
            #expect(error.description.contains(name))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

private struct CORSArguments: AppArguments {
    var hostname = "127.0.0.1"
    var port = 0
    var databasePath: String? = nil
    var seed: SeedPolicy = .gers
    var logLevel: Logger.Level = .critical
    var corsOrigins: [String] = []
}
