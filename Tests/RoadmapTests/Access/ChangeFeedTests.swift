import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Change feed and audit trail")
struct ChangeFeedTests {
    @Test("a failed write leaves no change row")
    func failedWriteLeavesNoRow() async throws {
        let services = try makeServices()
        let before = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        _ = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 1, title: "doublon"), by: .anonymous)
        }
        // A transaction that logs a change, then fails, rolls the row back with it.
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await services.database.write { db in
                try ChangeLog.created(db, Axis.self, id: 99, ["title": "fantôme"], by: .anonymous, at: Date())
                throw Boom()
            }
        }
        let after = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        #expect(after == before)
    }

    @Test("a follower sees every change exactly once, in commit order, even with concurrent writers")
    func followerSeesEveryChangeOnce() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .gers))
        var cursor: Int64 = 0
        var seen: [Int64] = []
        // drain the seed
        while case let batch = try await services.changes.feed(after: cursor, limit: 7), !batch.isEmpty {
            seen += batch.map { $0.id! }
            cursor = batch.last!.id!
        }
        // writers and a follower at the same time
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<25 {
                        _ = try await services.axes.create(
                            AxisInput(number: 100 + writer * 25 + index, title: "Axe \(writer)-\(index)"),
                            by: .anonymous)
                    }
                }
            }
            try await group.waitForAll()
        }
        while case let batch = try await services.changes.feed(after: cursor, limit: 7), !batch.isEmpty {
            seen += batch.map { $0.id! }
            cursor = batch.last!.id!
        }
        #expect(seen == seen.sorted())
        #expect(Set(seen).count == seen.count)
        let total = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        #expect(seen.count == total)
    }

    @Test("token changes stay out of the public feed and histories")
    func tokensArePrivate() async throws {
        let services = try makeServices()
        let issued = try await services.tokens.create(name: "secret name", role: .admin, by: .commandLine)
        let feed = try await services.changes.feed(after: 0, limit: 500)
        #expect(!feed.contains { $0.entityType == "tokens" })
        let error = await roadmapError {
            _ = try await services.changes.history(of: ApiToken.self, id: issued.token.id, page: try PageRequest())
        }
        #expect(error == .notFound(entity: "apiToken", id: String(issued.token.id)))
        let audit = try await services.changes.audit(AuditQuery(entityType: "tokens", page: try PageRequest()))
        #expect(audit.items.count == 1)
    }

    @Test("the audit filters by entity, actor and time, newest first")
    func auditFilters() async throws {
        let early = RoadmapClock.fixed(Date(timeIntervalSince1970: 1_700_000_000))
        let late = RoadmapClock.fixed(Date(timeIntervalSince1970: 1_800_000_000))
        let database = try AppDatabase.inMemory(seed: .gers, clock: early)
        _ = try await AxisService(database: database, clock: early).update(
            id: 1, AxisPatch(title: .set("A")), by: Caller(name: "alice"))
        _ = try await AxisService(database: database, clock: late).update(
            id: 2, AxisPatch(title: .set("B")), by: Caller(name: "bob"))
        let changes = ChangeService(database: database)
        #expect(try await changes.audit(AuditQuery(actor: "bob", page: try PageRequest())).items.map(\.entityId) == [2])
        let recent = try await changes.audit(
            AuditQuery(entityType: "axes", from: Date(timeIntervalSince1970: 1_750_000_000), page: try PageRequest()))
        #expect(recent.items.map(\.actor) == ["bob"])
        let all = try await changes.audit(AuditQuery(entityType: "axes", page: try PageRequest()))
        #expect(all.items.first?.actor == "bob")
        let inverted = await roadmapError {
            _ = try await changes.audit(
                AuditQuery(
                    from: Date(timeIntervalSince1970: 2), to: Date(timeIntervalSince1970: 1), page: try PageRequest()))
        }
        #expect(inverted?.fields == ["to"])
    }
}
