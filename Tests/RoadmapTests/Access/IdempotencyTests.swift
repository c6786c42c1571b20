import Foundation
import GRDB
import Synchronization
import Testing

@testable import Roadmap

/// A key's change and the mark that it was carried out commit together: whatever fails after,
/// a retry never carries the request out a second time.
@Suite("Idempotency keys")
struct IdempotencyTests {
    /// A clock whose time the test moves.
    final class MovingClock: Sendable {
        let now = Mutex(testInstant)
        var clock: RoadmapClock { RoadmapClock { [self] in self.now.withLock { $0 } } }
        func advance(by seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// Claims `key` for `token:1`, failing the test unless the service says to proceed.
    static func claim(_ key: String, in services: RoadmapServices) async throws -> IdempotencyClaim {
        guard
            case .proceed(let claim) = try await services.idempotency.begin(
                caller: "token:1", key: key, fingerprint: "f")
        else {
            Issue.record("expected to proceed")
            throw RoadmapError.preconditionFailed
        }
        return IdempotencyClaim(caller: "token:1", key: key, claim: claim)
    }

    @Test("a write made under a claimed key marks it committed in the same transaction")
    func writeMarksTheKey() async throws {
        let services = try makeServices(seed: .none)
        let claim = try await Self.claim("k1", in: services)
        // MUT
        _ = try await IdempotencyClaim.$current.withValue(claim) {
            try await services.partners.create(PartnerInput(name: "Gers Numérique", kind: .gip), by: .anonymous)
        }
        // validate
        let committed = try await services.database.read { db in
            try Date.fetchOne(db, sql: "SELECT committedAt FROM idempotencyKey WHERE caller = 'token:1' AND key = 'k1'")
        }
        #expect(committed != nil)
    }

    @Test("a write that fails leaves its key unmarked, so that the retry runs")
    func failedWriteLeavesTheKey() async throws {
        let services = try makeServices(seed: .none)
        let claim = try await Self.claim("k2", in: services)
        await #expect(throws: RoadmapError.self) {
            _ = try await IdempotencyClaim.$current.withValue(claim) {
                try await services.partners.create(PartnerInput(name: " ", kind: .gip), by: .anonymous)
            }
        }
        try await services.idempotency.abandon(claim)
        _ = try await Self.claim("k2", in: services)
    }

    @Test("a committed key whose response was never stored is never carried out again, even once its claim is stale")
    func committedKeyNeverRunsTwice() async throws {
        let time = MovingClock()
        let database = try AppDatabase.inMemory(seed: SeedPolicy.none, clock: time.clock)
        let services = RoadmapServices(database: database, clock: time.clock)
        let claim = try await Self.claim("k3", in: services)
        _ = try await IdempotencyClaim.$current.withValue(claim) {
            try await services.partners.create(PartnerInput(name: "Gers Numérique", kind: .gip), by: .anonymous)
        }
        // the response is not stored (the store failed), and the server cleans up after the failure
        try await services.idempotency.abandon(claim)
        // MUT + validate: now, and after the claim would have expired
        #expect(
            try await services.idempotency.begin(caller: "token:1", key: "k3", fingerprint: "f")
                == .committedWithoutResponse)
        time.advance(by: IdempotencyService.staleAfter + 1)
        #expect(
            try await services.idempotency.begin(caller: "token:1", key: "k3", fingerprint: "f")
                == .committedWithoutResponse)
    }

    @Test("a first request delayed past its claim cannot commit once a retry took the key over")
    func lostClaimCannotCommit() async throws {
        let time = MovingClock()
        let services = RoadmapServices(
            database: try AppDatabase.inMemory(seed: SeedPolicy.none, clock: time.clock), clock: time.clock)
        let first = try await Self.claim("k4", in: services)
        time.advance(by: IdempotencyService.staleAfter + 1)
        let retry = try await Self.claim("k4", in: services)
        // MUT: the first request finally reaches the database
        let error = await roadmapError {
            _ = try await IdempotencyClaim.$current.withValue(first) {
                try await services.partners.create(PartnerInput(name: "Gers Numérique", kind: .gip), by: .anonymous)
            }
        }
        // validate: refused and rolled back; the retry creates the one partner
        #expect(error.map { if case .conflict = $0 { true } else { false } } == true)
        #expect(try await services.partners.list(PartnerQuery(page: try PageRequest())).items.isEmpty)
        _ = try await IdempotencyClaim.$current.withValue(retry) {
            try await services.partners.create(PartnerInput(name: "Gers Numérique", kind: .gip), by: .anonymous)
        }
        #expect(try await services.partners.list(PartnerQuery(page: try PageRequest())).items.count == 1)
    }

    @Test("keys belong to their caller: the same key of another caller is another request")
    func keysBelongToTheirCaller() async throws {
        let services = try makeServices(seed: .none)
        let claim = try await Self.claim("same", in: services)
        try await services.idempotency.complete(
            claim, response: StoredResponse(status: 201, headers: [:], body: Data()))
        guard case .proceed = try await services.idempotency.begin(caller: "token:2", key: "same", fingerprint: "f")
        else {
            Issue.record("another caller's key was taken as this one's")
            return
        }
    }
}
