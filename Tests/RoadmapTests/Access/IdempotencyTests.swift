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

    @Test("a write made under a claimed key marks it committed in the same transaction")
    func writeMarksTheKey() async throws {
        let services = try makeServices(seed: .none)
        #expect(try await services.idempotency.begin(caller: "token:1", key: "k1", fingerprint: "f") == .proceed)
        // MUT
        _ = try await IdempotencyClaim.$current.withValue(IdempotencyClaim(caller: "token:1", key: "k1")) {
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
        #expect(try await services.idempotency.begin(caller: "token:1", key: "k2", fingerprint: "f") == .proceed)
        await #expect(throws: RoadmapError.self) {
            _ = try await IdempotencyClaim.$current.withValue(IdempotencyClaim(caller: "token:1", key: "k2")) {
                try await services.partners.create(PartnerInput(name: " ", kind: .gip), by: .anonymous)
            }
        }
        try await services.idempotency.abandon(caller: "token:1", key: "k2")
        #expect(try await services.idempotency.begin(caller: "token:1", key: "k2", fingerprint: "f") == .proceed)
    }

    @Test("a committed key whose response was never stored is never carried out again, even once its claim is stale")
    func committedKeyNeverRunsTwice() async throws {
        let time = MovingClock()
        let database = try AppDatabase.inMemory(seed: SeedPolicy.none, clock: time.clock)
        let services = RoadmapServices(database: database, clock: time.clock)
        #expect(try await services.idempotency.begin(caller: "token:1", key: "k3", fingerprint: "f") == .proceed)
        _ = try await IdempotencyClaim.$current.withValue(IdempotencyClaim(caller: "token:1", key: "k3")) {
            try await services.partners.create(PartnerInput(name: "Gers Numérique", kind: .gip), by: .anonymous)
        }
        // the response is not stored (the store failed), and the server cleans up after the failure
        try await services.idempotency.abandon(caller: "token:1", key: "k3")
        // MUT + validate: now, and after the claim would have expired
        #expect(try await services.idempotency.begin(caller: "token:1", key: "k3", fingerprint: "f") == .committedWithoutResponse)
        time.advance(by: IdempotencyService.staleAfter + 1)
        #expect(try await services.idempotency.begin(caller: "token:1", key: "k3", fingerprint: "f") == .committedWithoutResponse)
    }

    @Test("keys belong to their caller: the same key of another caller is another request")
    func keysBelongToTheirCaller() async throws {
        let services = try makeServices(seed: .none)
        #expect(try await services.idempotency.begin(caller: "token:1", key: "same", fingerprint: "f") == .proceed)
        try await services.idempotency.complete(caller: "token:1", key: "same", response: StoredResponse(status: 201, headers: [:], body: Data()))
        #expect(try await services.idempotency.begin(caller: "token:2", key: "same", fingerprint: "f") == .proceed)
    }
}
