import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("API tokens")
struct TokenServiceTests {
    @Test("a token works at once; only the hash of its secret is stored")
    func issueAndAuthenticate() async throws {
        let services = try makeServices()
        let issued = try await services.tokens.create(name: "script Gers Numérique", role: .editor, by: .commandLine)
        #expect(issued.secret.hasPrefix("fne_\(issued.token.id)_"))
        #expect(try await services.tokens.authenticate(issued.secret)?.name == "script Gers Numérique")
        let stored = try await services.database.read { db in
            try String.fetchAll(db, sql: "SELECT secretHash FROM apiToken")
        }
        let random = String(issued.secret.split(separator: "_", maxSplits: 2)[2])
        #expect(stored == [TokenService.hash(random)])
        #expect(!stored[0].contains(random))
    }

    @Test("a revoked, unknown, tampered or malformed token is refused")
    func refusals() async throws {
        let services = try makeServices()
        let issued = try await services.tokens.create(name: "temporaire", role: .admin, by: .commandLine)
        var tampered = issued.secret
        tampered.removeLast()
        tampered.append(issued.secret.last == "A" ? "B" : "A")
        for secret in [
            tampered, "fne_99_" + String(repeating: "a", count: 43), "fne_x_y", "", "Bearer", issued.secret + "x",
        ] {
            #expect(try await services.tokens.authenticate(secret) == nil, "accepted \(secret)")
        }
        _ = try await services.tokens.revoke(id: issued.token.id, by: .commandLine)
        #expect(try await services.tokens.authenticate(issued.secret) == nil)
    }

    @Test("secrets are compared whole, in constant time")
    func constantTimeComparison() {
        #expect(TokenService.constantTimeEquals("abc", "abc"))
        #expect(!TokenService.constantTimeEquals("abc", "abd"))
        #expect(!TokenService.constantTimeEquals("abc", "ab"))
    }

    @Test("creating and revoking tokens is audited, without the secret or its hash")
    func audited() async throws {
        let services = try makeServices()
        let issued = try await services.tokens.create(name: "audité", role: .reader, by: Caller(name: "admin"))
        _ = try await services.tokens.revoke(id: issued.token.id, by: Caller(name: "admin"))
        let rows = try await services.database.read { db in
            try ChangeRecord.filter(sql: "entityType = 'tokens'").fetchAll(db)
        }
        #expect(rows.map(\.operation) == [.create, .update])
        #expect(rows.allSatisfy { !$0.changes.contains("secretHash") && !$0.changes.contains(issued.secret) })
    }
}
