import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing
import Yams

@testable import RoadmapAPI

/// Every operation of openapi.yaml, with the access rule it declares, read from the file
/// itself: a new endpoint is in this matrix the moment it is in the contract.
struct ContractOperation: CustomStringConvertible, Sendable {
    let method: HTTPRequest.Method
    let path: String
    /// nil for `security: []`.
    let role: AccessRole?
    /// `x-personal-data: true`: a token always; reader when reads need one, editor otherwise.
    var personalData = false

    /// The least role that passes.
    func required(readsArePublic: Bool) -> AccessRole? {
        personalData ? (readsArePublic ? .editor : .reader) : role
    }

    /// Whether a call without a token is refused.
    func needsToken(readsArePublic: Bool) -> Bool {
        personalData || role.map { $0 > .reader || !readsArePublic } ?? false
    }

    var description: String { "\(method.rawValue) \(path)" }

    /// The path with every `{parameter}` set to an id that does not exist, so that an allowed
    /// call answers 400/404 and changes nothing.
    var probeURI: String {
        path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "999999", options: .regularExpression)
    }

    static let all: [ContractOperation] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let root = (try? Yams.load(yaml: text)) as? [String: Any] ?? [:]
        var operations: [ContractOperation] = []
        for (path, item) in (root["paths"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (method, value) in (item as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let httpMethod = HTTPRequest.Method(method.uppercased()),
                    ["get", "post", "patch", "put", "delete"].contains(method),
                    let operation = value as? [String: Any]
                else { continue }
                let open = (operation["security"] as? [Any])?.isEmpty == true
                let role = (operation["x-required-role"] as? String).flatMap(AccessRole.init(rawValue:))
                operations.append(
                    ContractOperation(
                        method: httpMethod, path: path, role: open ? nil : role,
                        personalData: operation["x-personal-data"] as? Bool == true))
            }
        }
        return operations
    }()
}

@Suite("Access control")
struct AccessEndpointTests {
    @Test("every operation of the contract declares its access rule")
    func everyOperationDeclaresARule() throws {
        let text = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: Any])
        let declared = paths.values.compactMap { $0 as? [String: Any] }.flatMap {
            $0.keys.filter { ["get", "post", "patch", "put", "delete"].contains($0) }
        }
        #expect(ContractOperation.all.count == declared.count)
        for operation in ContractOperation.all where operation.role == nil {
            #expect(
                ["/health", "/openapi.yaml", "/openapi.json", "/labels", "/docs"].contains(operation.path),
                "\(operation) is open to all")
        }
        #expect(ContractOperation.all.filter { $0.method != .get }.allSatisfy { $0.role != nil && $0.role! >= .editor })
    }

    @Test("authorization matrix: no token 401, a lower role 403, the role or above passes", arguments: [true, false])
    func matrix(readsArePublic: Bool) async throws {
        try await withApp(readsArePublic: readsArePublic) { client, services in
            var tokens: [AccessRole: String] = [:]
            for role in AccessRole.allCases {
                tokens[role] = try await services.tokens.create(
                    name: "matrix \(role.rawValue)", role: role, by: .commandLine
                ).secret
            }
            for operation in ContractOperation.all {
                let body: ByteBuffer? = [.post, .patch, .put].contains(operation.method) ? json("{") : nil
                let headers: HTTPFields = body == nil ? [:] : jsonHeaders
                // no token
                let anonymous = try await client.anonymous.execute(
                    uri: operation.probeURI, method: operation.method, headers: headers, body: body
                ) { $0.status }
                if operation.needsToken(readsArePublic: readsArePublic) {
                    #expect(anonymous == .unauthorized, "\(operation) without a token")
                } else {
                    #expect(anonymous != .unauthorized && anonymous != .forbidden, "\(operation) without a token")
                }
                for role in AccessRole.allCases {
                    let status = try await client.with(token: tokens[role]!).execute(
                        uri: operation.probeURI, method: operation.method, headers: headers, body: body
                    ) { $0.status }
                    if let required = operation.required(readsArePublic: readsArePublic), role < required {
                        #expect(status == .forbidden, "\(operation) as \(role.rawValue)")
                    } else {
                        #expect(status != .unauthorized && status != .forbidden, "\(operation) as \(role.rawValue)")
                        #expect(status.code < 500, "\(operation) as \(role.rawValue)")
                    }
                }
            }
        }
    }

    @Test("no token on a write is a 401 problem with a Bearer challenge")
    func missingTokenChallenge() async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis()
            try await client.anonymous.execute(uri: "/axes/\(axis.axis.id!)", method: .delete) { response in
                response.expectProblem(.unauthorized)
                let problem = try response.problem()
                #expect(problem.status == 401)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            #expect(try await services.axes.get(id: axis.axis.id!).axis.title == axis.axis.title)
        }
    }

    @Test("an unknown token is a 401 problem with an invalid_token challenge")
    func invalidTokenChallenge() async throws {
        try await withApp { client, _ in
            try await client.with(token: "fne_1_" + String(repeating: "x", count: 43)).execute(
                uri: "/axes", method: .get
            ) { response in
                response.expectProblem(.unauthorized)
                let problem = try response.problem()
                #expect(problem.status == 401)
                #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            }
        }
    }

    @Test("a role below the operation's is a 403 problem with an insufficient_scope challenge")
    func insufficientScopeChallenge() async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis()
            let reader = try await services.tokens.create(name: "lecteur", role: .reader, by: .commandLine)
            try await client.with(token: reader.secret).execute(uri: "/axes/\(axis.axis.id!)", method: .delete) {
                response in
                response.expectProblem(.forbidden)
                let problem = try response.problem()
                #expect(problem.status == 403)
                #expect(response.headers[.wwwAuthenticate]?.contains("insufficient_scope") == true)
            }
        }
    }

    @Test("a token created like the CLI does works at once and stops working once revoked")
    func tokenLifecycle() async throws {
        try await withApp { client, services in
            let issued = try await services.tokens.create(
                name: "script Gers Numérique", role: .editor, by: .commandLine)
            let editor = client.with(token: issued.secret)
            try await editor.execute(uri: "/roadmap", method: .get) { #expect($0.status == .ok) }
            _ = try await services.tokens.revoke(id: issued.token.id, by: .commandLine)
            try await editor.execute(uri: "/roadmap", method: .get) { $0.expectProblem(.unauthorized) }
        }
    }

    @Test("an admin creates a token over the API; the secret is shown once, never listed")
    func tokenSecretShownOnce() async throws {
        try await withApp { client, _ in
            // MUT
            let issued = try await client.execute(
                uri: "/tokens", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "front end", "role": "reader"}"#)
            ) { response in
                #expect(response.status == .created)
                return try response.decoded(Components.Schemas.IssuedToken.self)
            }
            // validate
            #expect(issued.token.name == "front end")
            #expect(issued.token.role == .reader)
            try await client.execute(uri: "/tokens", method: .get) { response in
                let list = try response.decoded(Components.Schemas.TokenList.self)
                #expect(list.items.contains { $0.name == "front end" })
                // the raw text, so that the secret appears in no member at all
                let text = String(buffer: response.body)
                #expect(text.contains("front end"))
                #expect(!text.contains(issued.secret))
            }
        }
    }

    @Test("an admin revokes a token over the API; its secret stops working")
    func tokenRevokedOverTheAPI() async throws {
        try await withApp { client, _ in
            // setup
            let issued = try await client.execute(
                uri: "/tokens", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "front end", "role": "reader"}"#)
            ) { response in
                #expect(response.status == .created)
                return try response.decoded(Components.Schemas.IssuedToken.self)
            }
            let id = try await client.execute(uri: "/tokens", method: .get) { response in
                let list = try response.decoded(Components.Schemas.TokenList.self)
                return try #require(list.items.first { $0.name == "front end" }?.id)
            }
            #expect(id == issued.token.id)
            // MUT
            try await client.execute(uri: "/tokens/\(id)", method: .delete) { #expect($0.status == .ok) }
            // validate
            try await client.with(token: issued.secret).execute(uri: "/axes", method: .get) {
                $0.expectProblem(.unauthorized)
            }
        }
    }

    @Test("changes are audited under the token's name")
    func auditNamesTheToken() async throws {
        try await withApp { client, services in
            // setup
            let axis = try await services.makeAxis()
            let id = axis.axis.id!
            let issued = try await services.tokens.create(name: "script Gers Numérique", role: .admin, by: .commandLine)
            // MUT
            try await client.with(token: issued.secret).execute(
                uri: "/axes/\(id)", method: .patch, headers: jsonHeaders, body: json(#"{"optional": true}"#)
            ) {
                #expect($0.status == .ok)
            }
            // validate
            try await client.execute(uri: "/axes/\(id)/history", method: .get) { response in
                let items = try response.decoded(Components.Schemas.ChangePage.self).changes
                #expect(items.last?.actor == "script Gers Numérique")
                #expect(items.last?.changes["optional"] != nil)
            }
            try await client.execute(uri: "/audit?actor=script%20Gers%20Num%C3%A9rique", method: .get) { response in
                let page = try response.decoded(Components.Schemas.ChangePage.self).changes
                #expect(page.count == 1)
                #expect(page.first?.entityId == id)
            }
        }
    }

    @Test("the change feed pages in commit order with its cursor")
    func feed() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let before = try await services.database.latestChange()?.id ?? 0
            var axisIds: [Int64] = []
            for number in 50..<57 {
                axisIds.append(try await services.makeAxis(number: number, title: "Axe \(number)").axis.id!)
            }
            // MUT, validate
            let cursor = try await client.execute(uri: "/changes?limit=5", method: .get) { response in
                let feed = try response.decoded(Components.Schemas.ChangeFeed.self)
                #expect(try feed.changes.map(\.id) == (1...5).map { before + $0 })
                #expect(try feed.changes.map(\.entityId) == Array(axisIds.prefix(5)))
                return feed.cursor
            }
            try await client.execute(uri: "/changes?after=\(cursor)&limit=2", method: .get) { response in
                let feed = try response.decoded(Components.Schemas.ChangeFeed.self).changes
                #expect(feed.map(\.id) == [before + 6, before + 7])
                #expect(feed.map(\.entityId) == Array(axisIds.suffix(2)))
            }
        }
    }

    @Test("a negative cursor of the change feed is a 400 problem")
    func feedNegativeCursor() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.execute(uri: "/changes?after=-1", method: .get) { $0.expectProblem(.badRequest) }
        }
    }

    @Test("Idempotency-Key: a retry returns the first response and creates nothing twice")
    func idempotentRetry() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let headers: HTTPFields = [
                .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "create-axis-50",
            ]
            let body = #"{"number": 50, "title": "Axe cinquante"}"#
            let first = try await client.execute(uri: "/axes", method: .post, headers: headers, body: json(body)) {
                response in
                #expect(response.status == .created)
                let axis = try response.decoded(Components.Schemas.Axis.self)
                #expect(axis.number == 50)
                return (response.headers[.location], String(buffer: response.body))
            }
            // MUT
            try await client.execute(uri: "/axes", method: .post, headers: headers, body: json(body)) { response in
                // validate: the replay is the first response byte for byte
                #expect(response.status == .created)
                #expect(response.headers[.location] == first.0)
                #expect(String(buffer: response.body) == first.1)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            }
            let axes = try await services.axes.list(AxisQuery(page: try PageRequest()))
            #expect(axes.items.map(\.number) == [50])
        }
    }

    @Test("Idempotency-Key: the same key with another body is a 422 naming the key and creates nothing")
    func idempotentKeyReusedWithAnotherBody() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let headers: HTTPFields = [
                .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "create-axis-50",
            ]
            try await client.execute(
                uri: "/axes", method: .post, headers: headers, body: json(#"{"number": 50, "title": "Axe cinquante"}"#)
            ) { #expect($0.status == .created) }
            // MUT
            try await client.execute(
                uri: "/axes", method: .post, headers: headers, body: json(#"{"number": 51, "title": "Axe 51"}"#)
            ) { response in
                // validate
                response.expectProblem(.unprocessableContent)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["Idempotency-Key"])
            }
            let axes = try await services.axes.list(AxisQuery(page: try PageRequest()))
            #expect(axes.items.map(\.number) == [50])
        }
    }

    @Test("Idempotency-Key: a key over the length limit is a 400 problem")
    func idempotencyKeyTooLong() async throws {
        try await withApp(seed: .none) { client, services in
            let badKey: HTTPFields = [
                .contentType: "application/json",
                HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 300),
            ]
            try await client.execute(
                uri: "/axes", method: .post, headers: badKey, body: json(#"{"number": 50, "title": "Axe cinquante"}"#)
            ) {
                $0.expectProblem(.badRequest)
            }
            #expect(try await services.axes.list(AxisQuery(page: try PageRequest())).items.isEmpty)
        }
    }

    @Test("an idempotency key belongs to its caller")
    func keysArePerCaller() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let other = try await services.tokens.create(name: "autre admin", role: .admin, by: .commandLine)
            let key: HTTPFields = [.contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "same-key"]
            try await client.execute(
                uri: "/axes", method: .post, headers: key, body: json(#"{"number": 50, "title": "A"}"#)
            ) { #expect($0.status == .created) }
            // MUT
            try await client.with(token: other.secret).execute(
                uri: "/axes", method: .post, headers: key, body: json(#"{"number": 51, "title": "B"}"#)
            ) { response in
                // validate
                #expect(response.status == .created)
                let axis = try response.decoded(Components.Schemas.Axis.self)
                #expect(axis.number == 51)
            }
        }
    }
}
