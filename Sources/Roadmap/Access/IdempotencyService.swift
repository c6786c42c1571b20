import Foundation
import GRDB

/// Safe retries of `POST`: a request sent again with the same `Idempotency-Key` (by the same
/// caller) and the same body gets the first response again and creates nothing twice; the
/// same key with another body is refused. Keys are kept 24 hours.
///
/// A claimed key is marked committed inside the transaction of the change it carries out (see
/// ``IdempotencyClaim``), so the change and that mark commit together or not at all. Storing
/// the response is a second write that may fail (another process holding the lock): the key
/// then stays committed without a response, and a retry is told so instead of running again.
public struct IdempotencyService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    /// How long a key is remembered.
    public static let retention: TimeInterval = 24 * 3600
    /// A request still marked in progress after this long is taken as lost (its process died).
    public static let staleAfter: TimeInterval = 60

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// What to do with a request carrying a key.
    public enum Outcome: Sendable, Equatable {
        /// First time (or the first claim was lost): process it under this claim, then
        /// `complete` (or `abandon`).
        case proceed(claim: String)
        /// Seen and answered: send this response again.
        case replay(StoredResponse)
        /// Seen with another request body or target.
        case mismatch
        /// The first request with this key is still being processed.
        case inProgress
        /// The first request with this key was carried out, but its response was not stored.
        case committedWithoutResponse
    }

    /// Looks the key up and, the first time, claims it, in one transaction.
    public func begin(caller: String, key: String, fingerprint: String) async throws -> Outcome {
        let now = clock.now
        return try await database.write { db in
            try db.execute(
                sql: "DELETE FROM idempotencyKey WHERE createdAt < ?",
                arguments: [now.addingTimeInterval(-IdempotencyService.retention)])
            if let row = try Row.fetchOne(
                db, sql: "SELECT * FROM idempotencyKey WHERE caller = ? AND key = ?", arguments: [caller, key])
            {
                guard row["fingerprint"] as String == fingerprint else { return .mismatch }
                if let status: Int = row["status"] {
                    let headers =
                        (try? JSONDecoder().decode(
                            [String: String].self, from: Data((row["headers"] as String? ?? "{}").utf8))) ?? [:]
                    return .replay(
                        StoredResponse(status: status, headers: headers, body: row["body"] as Data? ?? Data()))
                }
                if (row["committedAt"] as Date?) != nil { return .committedWithoutResponse }
                let created: Date = row["createdAt"]
                guard created < now.addingTimeInterval(-IdempotencyService.staleAfter) else { return .inProgress }
                // The first request is taken as lost; should it still commit, its claim no
                // longer matches and its change is rolled back (see IdempotencyClaim).
                let claim = UUID().uuidString
                try db.execute(
                    sql: "UPDATE idempotencyKey SET createdAt = ?, claim = ? WHERE caller = ? AND key = ?",
                    arguments: [now, claim, caller, key])
                return .proceed(claim: claim)
            }
            let claim = UUID().uuidString
            try db.execute(
                sql: "INSERT INTO idempotencyKey(caller, key, fingerprint, createdAt, claim) VALUES (?, ?, ?, ?, ?)",
                arguments: [caller, key, fingerprint, now, claim])
            return .proceed(claim: claim)
        }
    }

    /// Stores the response of a claimed key.
    public func complete(_ claim: IdempotencyClaim, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await database.write { db in
            try db.execute(
                sql:
                    "UPDATE idempotencyKey SET status = ?, headers = ?, body = ? WHERE caller = ? AND key = ? AND claim = ?",
                arguments: [response.status, headers, response.body, claim.caller, claim.key, claim.claim])
        }
    }

    /// Releases a claimed key whose request failed on the server's side, so that a retry runs.
    public func abandon(_ claim: IdempotencyClaim) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    DELETE FROM idempotencyKey
                    WHERE caller = ? AND key = ? AND claim = ? AND status IS NULL AND committedAt IS NULL
                    """, arguments: [claim.caller, claim.key, claim.claim])
        }
    }
}

/// The key a request is processed under. The HTTP layer sets it around the request's handling;
/// ``AppDatabase`` marks the key committed inside every write transaction made under it.
public struct IdempotencyClaim: Sendable, Equatable {
    public var caller: String
    public var key: String
    /// This claim of the key, as ``IdempotencyService/begin(caller:key:fingerprint:)`` made it.
    public var claim: String

    public init(caller: String, key: String, claim: String) {
        self.caller = caller
        self.key = key
        self.claim = claim
    }

    /// The claim of the request being processed, if it carries a key.
    @TaskLocal public static var current: IdempotencyClaim?

    /// Marks the claimed key committed, in the transaction of `db`; throws (rolling that
    /// transaction back) when the claim is no longer the key's live one: a retry took the key
    /// over after this request was taken as lost. (A key once committed is never claimed again.)
    func markCommitted(_ db: Database, at date: Date) throws {
        try db.execute(
            sql:
                "UPDATE idempotencyKey SET committedAt = coalesce(committedAt, ?) WHERE caller = ? AND key = ? AND claim = ?",
            arguments: [date, caller, key, claim])
        if db.changesCount == 0 {
            throw RoadmapError.conflict(
                detail: """
                    This request's Idempotency-Key was taken over by a retry while the request waited; it is not carried out, \
                    so that it happens once.
                    """)
        }
    }
}

/// A response kept for replay.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
