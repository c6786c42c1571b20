import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing
import Yams

/// Every operation of openapi.yaml, with the access rule it declares, read from the file
/// itself: a new endpoint is in this matrix the moment it is in the contract.
struct ContractOperation: CustomStringConvertible, Sendable {
    let method: HTTPRequest.Method
    let path: String
    /// nil for `security: []`.
    let role: AccessRole?

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
                operations.append(ContractOperation(method: httpMethod, path: path, role: open ? nil : role))
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
            #expect(["/health", "/openapi.yaml"].contains(operation.path), "\(operation) is open to all")
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
                let needsToken = operation.role.map { $0 > .reader || !readsArePublic } ?? false
                if needsToken {
                    #expect(anonymous == .unauthorized, "\(operation) without a token")
                } else {
                    #expect(anonymous != .unauthorized && anonymous != .forbidden, "\(operation) without a token")
                }
                for role in AccessRole.allCases {
                    let status = try await client.with(token: tokens[role]!).execute(
                        uri: operation.probeURI, method: operation.method, headers: headers, body: body
                    ) { $0.status }
                    if let required = operation.role, role < required {
                        #expect(status == .forbidden, "\(operation) as \(role.rawValue)")
                    } else {
                        #expect(status != .unauthorized && status != .forbidden, "\(operation) as \(role.rawValue)")
                        #expect(status.code < 500, "\(operation) as \(role.rawValue)")
                    }
                }
            }
        }
    }

    @Test("401 and 403 are problems with WWW-Authenticate")
    func challenges() async throws {
        try await withApp { client, services in
            try await client.anonymous.execute(uri: "/axes/1", method: .delete) { response in
                response.expectProblem(.unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.with(token: "fne_1_" + String(repeating: "x", count: 43)).execute(
                uri: "/axes", method: .get
            ) { response in
                response.expectProblem(.unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            }
            let reader = try await services.tokens.create(name: "lecteur", role: .reader, by: .commandLine)
            try await client.with(token: reader.secret).execute(uri: "/axes/1", method: .delete) { response in
                response.expectProblem(.forbidden)
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

    @Test("admins manage tokens over the API; the secret is shown once, never listed")
    func tokensOverTheAPI() async throws {
        try await withApp { client, _ in
            let secret = try await client.execute(
                uri: "/tokens", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "front end", "role": "reader"}"#)
            ) { response in
                #expect(response.status == .created)
                return try #require(response.object["secret"] as? String)
            }
            try await client.execute(uri: "/tokens", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("front end"))
                #expect(!text.contains(secret))
            }
            let id = try await client.execute(uri: "/tokens", method: .get) { response in
                ((response.object["items"] as? [[String: Any]])?.first { $0["name"] as? String == "front end" }?["id"]
                    as? Int) ?? 0
            }
            try await client.execute(uri: "/tokens/\(id)", method: .delete) { #expect($0.status == .ok) }
            try await client.with(token: secret).execute(uri: "/axes", method: .get) { $0.expectProblem(.unauthorized) }
        }
    }

    @Test("changes are audited under the token's name")
    func auditNamesTheToken() async throws {
        try await withApp { client, services in
            let issued = try await services.tokens.create(name: "script Gers Numérique", role: .admin, by: .commandLine)
            try await client.with(token: issued.secret).execute(
                uri: "/axes/2", method: .patch, headers: jsonHeaders, body: json(#"{"optional": true}"#)
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/axes/2/history", method: .get) { response in
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.last?["actor"] as? String == "script Gers Numérique")
                #expect((items.last?["changes"] as? [String: Any])?["isOptional"] != nil)
            }
            try await client.execute(uri: "/audit?actor=script%20Gers%20Num%C3%A9rique", method: .get) { response in
                #expect((response.object["items"] as? [[String: Any]])?.count == 1)
            }
        }
    }

    @Test("the change feed pages in commit order with its cursor")
    func feed() async throws {
        try await withApp { client, _ in
            let cursor = try await client.execute(uri: "/changes?limit=5", method: .get) { response in
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["id"] as? Int } == [1, 2, 3, 4, 5])
                return response.object["cursor"] as? Int ?? 0
            }
            try await client.execute(uri: "/changes?after=\(cursor)&limit=2", method: .get) { response in
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["id"] as? Int } == [6, 7])
            }
            try await client.execute(uri: "/changes?after=-1", method: .get) { $0.expectProblem(.badRequest) }
        }
    }

    @Test("Idempotency-Key: a retry returns the first response and creates nothing twice; another body is a 422")
    func idempotentRetry() async throws {
        try await withApp { client, services in
            let headers: HTTPFields = [
                .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "create-axis-5",
            ]
            let body = #"{"number": 5, "title": "Axe cinq"}"#
            let first = try await client.execute(uri: "/axes", method: .post, headers: headers, body: json(body)) {
                response in
                #expect(response.status == .created)
                return (response.headers[.location], String(buffer: response.body))
            }
            try await client.execute(uri: "/axes", method: .post, headers: headers, body: json(body)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == first.0)
                #expect(String(buffer: response.body) == first.1)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            }
            try await client.execute(
                uri: "/axes", method: .post, headers: headers, body: json(#"{"number": 6, "title": "Axe six"}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                #expect(response.problemFields == ["Idempotency-Key"])
            }
            let axes = try await services.axes.list(AxisQuery(page: try PageRequest()))
            #expect(axes.items.map(\.number) == [1, 2, 3, 4, 5])
            let badKey: HTTPFields = [
                .contentType: "application/json",
                HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 300),
            ]
            try await client.execute(uri: "/axes", method: .post, headers: badKey, body: json(body)) {
                $0.expectProblem(.badRequest)
            }
        }
    }

    @Test("an idempotency key belongs to its caller")
    func keysArePerCaller() async throws {
        try await withApp { client, services in
            let other = try await services.tokens.create(name: "autre admin", role: .admin, by: .commandLine)
            let key: HTTPFields = [.contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "same-key"]
            try await client.execute(
                uri: "/axes", method: .post, headers: key, body: json(#"{"number": 5, "title": "A"}"#)
            ) { #expect($0.status == .created) }
            try await client.with(token: other.secret).execute(
                uri: "/axes", method: .post, headers: key, body: json(#"{"number": 6, "title": "B"}"#)
            ) {
                #expect($0.status == .created)
            }
        }
    }
}
