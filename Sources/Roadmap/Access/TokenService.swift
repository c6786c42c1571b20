import Crypto
import Foundation
import GRDB

/// API tokens: issuing, listing, revoking, and recognising them.
///
/// A token reads `fne_<id>_<random>`. The id finds the row; the random part is compared by
/// its SHA-256 hash in constant time, so that neither a timing difference nor a stolen
/// database reveals a usable secret.
public struct TokenService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// Issues a token; the returned secret is shown once.
    public func create(name: String, role: AccessRole, by caller: Caller) async throws -> IssuedToken {
        var v = Validator()
        v.line(name, "name", maxLength: 100)
        try v.finish()
        let random = TokenService.randomPart()
        // Tokens are logged as `TokenEntry` (never the secret's hash), so they go through
        // AuditedWrite's log calls rather than its record writes.
        let token = try await database.write(by: caller, clock: clock) { write in
            var token = ApiToken(
                id: nil, name: name, role: role, secretHash: TokenService.hash(random),
                createdAt: write.now, createdBy: caller.name, revokedAt: nil)
            try token.insert(write.db)
            try write.logCreated(ApiToken.self, id: token.id!, TokenEntry(token))
            return token
        }
        return IssuedToken(token: ApiTokenInfo(token), secret: "fne_\(token.id!)_\(random)")
    }

    /// Every token, newest first, revoked ones included.
    public func list() async throws -> [ApiTokenInfo] {
        try await database.read { db in
            try ApiToken.order(ApiToken.Columns.id.desc).fetchAll(db).map(ApiTokenInfo.init)
        }
    }

    /// Revokes a token: it stops working at once. Revoking twice is harmless.
    public func revoke(id: Int64, by caller: Caller) async throws -> ApiTokenInfo {
        try await database.write(by: caller, clock: clock) { write in
            guard var token = try ApiToken.fetchOne(write.db, primaryKey: id) else {
                throw RoadmapError.notFound(ApiToken.self, id: id)
            }
            guard token.revokedAt == nil else { return ApiTokenInfo(token) }
            let before = token
            token.revokedAt = write.now
            try token.updateChanges(write.db, from: before)
            try write.logUpdated(ApiToken.self, id: id, from: TokenEntry(before), to: TokenEntry(token))
            return ApiTokenInfo(token)
        }
    }

    /// The live token this secret belongs to, or nil (unknown, malformed or revoked).
    public func authenticate(_ secret: String) async throws -> ApiTokenInfo? {
        guard let (id, random) = TokenService.parse(secret) else { return nil }
        let token = try await database.read { db in try ApiToken.fetchOne(db, primaryKey: id) }
        guard let token, token.revokedAt == nil,
            TokenService.constantTimeEquals(TokenService.hash(random), token.secretHash)
        else { return nil }
        return ApiTokenInfo(token)
    }

    // MARK: Secrets

    static func randomPart() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    static func hash(_ random: String) -> String {
        Hex.string(SHA256.hash(data: Data(random.utf8)))
    }

    /// `fne_<id>_<random>` → (id, random).
    static func parse(_ secret: String) -> (Int64, String)? {
        let parts = secret.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "fne", let id = Int64(parts[1]), id > 0, parts[2].count == 43 else {
            return nil
        }
        return (id, String(parts[2]))
    }

    /// Compares two strings in a time that depends only on their length.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// A token as the change log shows it: never its hash.
private struct TokenEntry: Encodable {
    let name: String
    let role: AccessRole
    let revokedAt: Date?

    init(_ token: ApiToken) {
        name = token.name
        role = token.role
        revokedAt = token.revokedAt
    }
}
