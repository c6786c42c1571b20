import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Roadmap
@testable import RoadmapServer

/// No secret a client sends (its token, an Idempotency-Key, a cookie) is ever written to a
/// log, whatever the request ends in.
@Suite("Secrets never reach the log")
struct SecretsInLogsTests {
    static let idempotencyKey = "idem-key-4f1c9b7e2d"
    static let cookie = "session=cookie-value-8a3e61"

    /// The headers of every request below: the token is added by the client.
    static var secretHeaders: HTTPFields {
        [.contentType: "application/json", .idempotencyKey: idempotencyKey, .cookie: cookie]
    }

    @Test("validation errors, the unhandled-error path and a database error log no part of the token, key or cookie")
    func errorPathsLogNoSecret() async throws {
        let logs = LogCapture()
        try await withApp(logs: logs) { client, services in
            // setup: a 4xx of each kind, then a database that fails under a read (a missing table)
            try await client.execute(
                uri: "/partners", method: .post, headers: Self.secretHeaders, body: json(#"{"name": ""}"#)
            ) { response in
                response.expectProblem(.badRequest)
            }
            try await client.execute(uri: "/actions?late", method: .get, headers: Self.secretHeaders) { response in
                response.expectProblem(.badRequest)
            }
            try await client.execute(uri: "/actions/999", method: .get, headers: Self.secretHeaders) { response in
                response.expectProblem(.notFound)
            }
            try await services.database.write { db in try db.execute(sql: "ALTER TABLE axis RENAME TO axisGone") }
            // MUT: the unhandled path, reached through a database error
            try await client.execute(uri: "/axes", method: .get, headers: Self.secretHeaders) { response in
                response.expectProblem(.internalServerError)
            }
            // validate
            let text = logs.text
            #expect(text.contains("unhandled error"), "the 500 path was logged")
            let secret = try #require(client.token)
            // fne_<id>_<random>: the random part may itself hold '_'
            let random = String(secret.split(separator: "_", maxSplits: 2).last ?? "")
            #expect(random.count >= 20)
            for slice in Self.slices(of: random, length: 12) + [Self.idempotencyKey, "cookie-value-8a3e61", secret] {
                #expect(!text.contains(slice), "the log holds « \(slice) »")
            }
        }
    }

    @Test("an Idempotency-Key is kept only as its hash, and still finds its response")
    func keysStoredHashed() async throws {
        try await withApp { client, services in
            let body = json(#"{"name": "Association Numérique 32", "kind": "association"}"#)
            try await client.execute(uri: "/partners", method: .post, headers: Self.secretHeaders, body: body) {
                response in
                #expect(response.status == .created)
            }
            let stored = try await services.database.read { db in
                try String.fetchAll(db, sql: "SELECT key FROM idempotencyKey")
            }
            #expect(stored.count == 1 && !stored.contains(Self.idempotencyKey))
            try await client.execute(uri: "/partners", method: .post, headers: Self.secretHeaders, body: body) {
                response in
                #expect(response.status == .created)
                #expect(response.headers[.idempotentReplayed] == "true")
            }
        }
    }

    @Test("a log line that would carry a token or a bearer credential is masked")
    func redaction() {
        let line = RedactingLogHandler.redact(
            "request Authorization: Bearer fne_12_AbCdEf0123456789xyz failed; token fne_3_zzz")
        #expect(!line.contains("AbCdEf0123456789xyz") && !line.contains("zzz"))
        #expect(line.contains("[redacted]"))
        #expect(RedactingLogHandler.redact("GET /axes status=200") == "GET /axes status=200")
    }

    @Test("the quick scan finds every line the masking pattern could change, in any case and position")
    func quickScan() {
        for line in [
            "BEARER abc", "Authorization: bEaReR x", "fne_1_x", "…fne_", "é bearer", "token=fne_2_secret;",
        ] {
            #expect(RedactingLogHandler.mightHoldSecret(line), "\(line)")
        }
        for line in ["", "fne", "GET /axes status=200", "bear er", "fne-api started", "beare"] {
            #expect(!RedactingLogHandler.mightHoldSecret(line), "\(line)")
            #expect(RedactingLogHandler.redact(line) == line)
        }
    }

    @Test("the request line's duration is written in milliseconds with three decimals")
    func durations() {
        #expect(RequestLogMiddleware<BasicRequestContext>.milliseconds(.microseconds(1500)) == "1.500")
        #expect(RequestLogMiddleware<BasicRequestContext>.milliseconds(.microseconds(7)) == "0.007")
        #expect(
            RequestLogMiddleware<BasicRequestContext>.milliseconds(.seconds(2) + .nanoseconds(345_678)) == "2000.345")
    }

    /// Every `length`-character slice of `text`.
    static func slices(of text: String, length: Int) -> [String] {
        let characters = Array(text)
        guard characters.count >= length else { return [text] }
        return (0...(characters.count - length)).map { String(characters[$0..<$0 + length]) }
    }
}
