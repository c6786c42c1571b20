import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import Roadmap
@testable import RoadmapAPI
@testable import RoadmapServer

/// The read cache answers repeated reads without reading the database again, and never
/// answers with data older than the last committed write: a write through the services, a
/// commit by another connection to the same file (another process), or a new day.
@Suite("Read cache")
struct ReadCacheTests {
    @Test(
        "a repeated read is answered without a database read; with the cache off (0 MB), every read reads",
        arguments: [true, false])
    func repeatedReadsHitTheCache(cacheOn: Bool) async throws {
        let metrics = AppMetrics()
        let services = RoadmapServices(database: try AppDatabase.inMemory(seed: .gers, metrics: metrics.factory))
        var arguments = TestArguments()
        arguments.readCacheBytes = cacheOn ? 1 << 20 : 0
        let app = try buildApplication(arguments, services: services, metrics: metrics)
        try await app.test(.router) { client in
            let before = try await readTransactions(client)
            try await client.execute(uri: "/actions?limit=50", method: .get) { #expect($0.status == .ok) }
            let afterOne = try await readTransactions(client)
            for _ in 1...3 {
                try await client.execute(uri: "/actions?limit=50", method: .get) { #expect($0.status == .ok) }
            }
            let afterFour = try await readTransactions(client)
            // Each /metrics call costs the same reads (and /metrics itself is never cached); the
            // first GET costs at least one more, the three repeats none when cached.
            let first = afterOne - before
            let repeats = afterFour - afterOne
            if cacheOn {
                #expect(first > repeats)
            } else {
                #expect(repeats > first)
            }
        }
    }

    @Test("a write through the services, without HTTP, is seen by the next read")
    func serviceWriteIsSeen() async throws {
        try await withApp { client, services in
            // setup
            let id = try await services.makeAxis(title: "Titre d'origine").axis.id!
            try await client.anonymous.execute(uri: "/axes/\(id)", method: .get) { response in
                let axis = try response.decoded(Components.Schemas.Axis.self)
                #expect(axis.title != "Titre changé")
            }
            // MUT
            _ = try await services.axes.update(id: id, AxisPatch(title: .set("Titre changé")), by: .commandLine)
            // validate
            try await client.anonymous.execute(uri: "/axes/\(id)", method: .get) { response in
                let axis = try response.decoded(Components.Schemas.Axis.self)
                #expect(axis.title == "Titre changé")
            }
        }
    }

    @Test("a commit by another connection to the same file (another process) is seen by the next read")
    func otherProcessWriteIsSeen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fne-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("roadmap.sqlite").path
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: path, seed: .gers))
        // A second AppDatabase on the file: its writes are invisible to the first one's
        // write counter, as those of the command line or the sqlite3 shell would be.
        let other = RoadmapServices(database: try AppDatabase.openFile(atPath: path, seed: nil))
        let id = try await services.makeAxis(title: "Axe d'essai").axis.id!
        let app = try buildApplication(TestArguments(), services: services)
        try await app.test(.router) { client in
            // setup: the list is read, and cached, twice
            for _ in 1...2 {
                try await client.execute(uri: "/axes", method: .get) { response in
                    let page = try response.decoded(Components.Schemas.AxisPage.self)
                    #expect(page.items.contains { $0.title == "Axe relu" } == false)
                    #expect(String(buffer: response.body).contains("Axe relu") == false)
                }
            }
            // MUT
            _ = try await other.axes.update(id: id, AxisPatch(title: .set("Axe relu")), by: .commandLine)
            // validate
            try await client.execute(uri: "/axes", method: .get) { response in
                let page = try response.decoded(Components.Schemas.AxisPage.self)
                #expect(page.items.first { $0.id == id }?.title == "Axe relu")
            }
        }
    }

    @Test("an answer that depends on the date is computed again on a new day")
    func newDayIsSeen() async throws {
        let instant = Mutex(testInstant)  // 2026-03-15
        let clock = RoadmapClock(now: { instant.withLock { $0 } })
        try await withApp(clock: clock) { client, services in
            let axis = try await services.makeAxis()
            let action = try await services.actions.create(
                ActionInput(
                    axisId: axis.axis.id!, title: "Atelier à finir le 20 mars", status: .planned, startOn: "2026-03-01",
                    endOn: "2026-03-20"),
                by: .commandLine)
            let uri = "/actions/\(action.action.id!)"
            try await client.execute(uri: uri, method: .get) { response in
                let action = try response.decoded(Components.Schemas.Action.self)
                #expect(action.late == false)
            }
            instant.withLock { $0 = testInstant.addingTimeInterval(10 * 86_400) }  // 2026-03-25
            try await client.execute(uri: uri, method: .get) { response in
                let action = try response.decoded(Components.Schemas.Action.self)
                #expect(action.late == true)
            }
        }
    }

    @Test("a conditional read goes to the handler, which answers 304")
    func conditionalReadBypasses() async throws {
        try await withApp { client, services in
            let id = try await services.makeAxis().axis.id!
            let etag = try await client.execute(uri: "/axes/\(id)", method: .get) { $0.headers[.eTag] }
            try await client.execute(uri: "/axes/\(id)", method: .get, headers: [.ifNoneMatch: etag ?? "*"]) {
                #expect($0.status == .notModified)
            }
        }
    }

    @Test("answers to another Accept are not shared")
    func acceptIsPartOfTheKey() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/axes", method: .get, headers: [.accept: "text/csv"]) {
                #expect($0.status != .ok)
            }
        }
    }

    private static let stamp = ChangeStamp(localWrites: 1, fileVersion: 0)
    private static func key(_ target: String) -> ResponseCache.Key {
        .init(target: target, accept: nil, today: CalendarDate("2026-03-15")!)
    }
    private static func entry(_ size: Int) -> ResponseCache.Entry {
        .init(status: .ok, headers: [:], body: ByteBuffer(repeating: 0x20, count: size))
    }

    /// Leads the computation of `target` and keeps `size` bytes as its answer.
    private static func fill(_ cache: ResponseCache, _ target: String, _ size: Int, stamp: ChangeStamp = stamp) async {
        guard case .lead = await cache.lookup(key(target), stamp: stamp) else {
            Issue.record("expected to lead \(target)")
            return
        }
        cache.finish(entry(size), for: key(target), stamp: stamp)
    }

    @Test("memory stays bounded: an oversized answer is not kept, a full cache starts again")
    func memoryIsBounded() async {
        let cache = ResponseCache(maximumBytes: 100, maximumEntryBytes: 60)
        await Self.fill(cache, "/big", 70)
        #expect(cache.count == 0)
        await Self.fill(cache, "/a", 40)
        await Self.fill(cache, "/b", 40)
        #expect(cache.count == 2)
        await Self.fill(cache, "/c", 40)
        #expect(cache.count == 1)
        guard case .hit = await cache.lookup(Self.key("/c"), stamp: Self.stamp) else {
            Issue.record("expected a hit")
            return
        }
    }

    @Test("an answer computed before a commit is neither served nor kept once a newer stamp was seen")
    func olderStampIsNotKept() async {
        let cache = ResponseCache(maximumBytes: 1000)
        await Self.fill(cache, "/c", 10)
        // A request starts computing /d under the old stamp…
        guard case .lead = await cache.lookup(Self.key("/d"), stamp: Self.stamp) else {
            Issue.record("expected to lead")
            return
        }
        // …a commit happens, and the next request takes the new stamp: /c is not served.
        let newer = ChangeStamp(localWrites: 2, fileVersion: 0)
        guard case .lead = await cache.lookup(Self.key("/c"), stamp: newer) else {
            Issue.record("served under a newer stamp")
            return
        }
        cache.finish(nil, for: Self.key("/c"), stamp: newer)
        // /d, computed from data that may predate the commit, is not kept.
        cache.finish(Self.entry(10), for: Self.key("/d"), stamp: Self.stamp)
        #expect(cache.count == 0)
        guard case .lead = await cache.lookup(Self.key("/d"), stamp: newer) else {
            Issue.record("served an answer older than the commit")
            return
        }
    }

    @Test("requests missing together wait for the first one and share its answer")
    func missesAreCoalesced() async throws {
        let cache = ResponseCache(maximumBytes: 1 << 20)
        let key = Self.key("/actions")
        guard case .lead = await cache.lookup(key, stamp: Self.stamp) else {
            Issue.record("expected to lead")
            return
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 1...5 {
                group.addTask {
                    if case .hit = await cache.lookup(key, stamp: Self.stamp) { return true }
                    return false
                }
            }
            while cache.waitingCount < 5 { try await Task.sleep(for: .milliseconds(1)) }
            cache.finish(Self.entry(10), for: key, stamp: Self.stamp)
            let hits = try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            #expect(hits == 5)
        }
    }

    @Test("when the first request fails, one waiter computes again and the others get its answer")
    func failedLeaderHandsOver() async throws {
        let cache = ResponseCache(maximumBytes: 1 << 20)
        let key = Self.key("/actions")
        guard case .lead = await cache.lookup(key, stamp: Self.stamp) else {
            Issue.record("expected to lead")
            return
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 1...4 {
                group.addTask {
                    switch await cache.lookup(key, stamp: Self.stamp) {
                    case .hit: return false
                    case .lead:
                        cache.finish(Self.entry(10), for: key, stamp: Self.stamp)
                        return true
                    }
                }
            }
            while cache.waitingCount < 4 { try await Task.sleep(for: .milliseconds(1)) }
            cache.finish(nil, for: key, stamp: Self.stamp)
            let leaders = try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            #expect(leaders == 1)
            #expect(cache.waitingCount == 0 && cache.count == 1)
        }
    }

    /// Read transactions so far, from /metrics.
    private func readTransactions(_ client: some TestClientProtocol) async throws -> Int {
        try await client.execute(uri: "/metrics", method: .get) { response in
            let line = String(buffer: response.body).split(separator: "\n")
                .first { $0.hasPrefix(#"fne_db_transaction_duration_seconds_count{kind="read"}"#) }
            return Int(line?.split(separator: " ").last ?? "") ?? -1
        }
    }
}
