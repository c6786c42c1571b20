import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Roadmap
import RoadmapServer
import Testing

@testable import RoadmapAPI

/// Arguments of an application under test: in-memory database, quiet logs.
struct TestArguments: AppArguments {
    var hostname = "127.0.0.1"
    var port = 0
    var databasePath: String? = nil
    var seed: SeedPolicy = .gers
    var logLevel: Logger.Level = .critical
    var readsArePublic = true
    var readCacheBytes = 16 << 20
}

/// A fixed instant for tests: 2026-03-15 10:00 UTC.
let testInstant = Date(timeIntervalSince1970: 1_773_568_800)

/// Runs `test` against the router of an application on a fresh seeded in-memory database,
/// with access to its services for setting up data. Requests carry an admin token unless
/// they set their own `Authorization` or the client is `anonymous`.
func withApp(
    seed: SeedPolicy = .gers,
    clock: RoadmapClock = .fixed(testInstant),
    readsArePublic: Bool = true,
    logs: LogCapture? = nil,
    documentMaximumBytes: Int = DocumentService.defaultMaximumBytes,
    _ test: @Sendable (APIClient, RoadmapServices) async throws -> Void
) async throws {
    let services = RoadmapServices(
        database: try AppDatabase.inMemory(seed: seed, clock: clock), clock: clock,
        documentMaximumBytes: documentMaximumBytes)
    let admin = try await services.tokens.create(name: "test admin", role: .admin, by: .commandLine)
    var arguments = TestArguments(seed: seed)
    arguments.readsArePublic = readsArePublic
    if logs != nil { arguments.logLevel = .trace }
    let logger =
        logs.map { capture in Logger(label: "fne-api") { _ in CapturingLogHandler(capture: capture) } }
        ?? Logger(label: "fne-api")
    let app = try buildApplication(arguments, services: services, logger: logger)
    try await app.test(.router) { client in try await test(APIClient(client: client, token: admin.secret), services) }
}

/// A test client that authenticates as the test admin by default.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String?

    /// The same client without a token.
    var anonymous: APIClient { APIClient(client: client, token: nil) }

    /// The same client with another token.
    func with(token: String) -> APIClient { APIClient(client: client, token: token) }

    @discardableResult
    func execute<Return>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        _ test: (TestResponse) async throws -> Return
    ) async throws -> Return {
        var headers = headers
        if let token, headers[.authorization] == nil { headers[.authorization] = "Bearer \(token)" }
        return try await test(try await client.executeRequest(uri: uri, method: method, headers: headers, body: body))
    }
}

/// A JSON body from a literal, for requests.
func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

extension TestResponse {
    /// The body decoded as the contract's type `T` (a `Components.Schemas` type), as a
    /// generated client would read it: a body that does not match the contract fails the test.
    func decoded<T: Decodable>(_ type: T.Type = T.self, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(body.readableBytesView))
        } catch {
            Issue.record(
                "the body is not a \(T.self): \(error)\n\(String(buffer: body))", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The problem+json body, typed.
    func problem(sourceLocation: SourceLocation = #_sourceLocation) throws -> Components.Schemas.Problem {
        try decoded(Components.Schemas.Problem.self, sourceLocation: sourceLocation)
    }

    /// The body decoded as a JSON object (for the few checks on the raw document: a member
    /// absent versus null, key order).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    /// The `field` names of a problem's `errors`.
    var problemFields: [String] {
        (object["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    /// Checks the response is a problem+json with this status, and its status member agrees.
    func expectProblem(_ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.status == status, sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(object["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
        #expect((object["type"] as? String)?.hasPrefix("/problems/") == true, sourceLocation: sourceLocation)
        #expect(object["title"] is String, sourceLocation: sourceLocation)
    }
}

/// Every line logged through a ``CapturingLogHandler``, message and metadata.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

/// A log handler that writes into a ``LogCapture``, at every level.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }.map { "\($0.key)=\($0.value)" }.sorted()
        capture.append("\(event.level) \(event.message) \(fields.joined(separator: " "))")
    }
}
