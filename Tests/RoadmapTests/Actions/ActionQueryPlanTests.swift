import Foundation
import GRDB
import Synchronization
import Testing

@testable import Roadmap

/// The list stays fast at scale: every common filter and sort reads an index and stops after
/// the page, instead of scanning or sorting the whole table. Checked on the real statements
/// the service runs, captured with SQLite's trace, through EXPLAIN QUERY PLAN.
@Suite("Action list query plans")
struct ActionQueryPlanTests {
    final class Statements: Sendable {
        let storage = Mutex<[String]>([])
        func append(_ sql: String) { storage.withLock { $0.append(sql) } }
        func take() -> [String] {
            storage.withLock { statements in
                let taken = statements
                statements = []
                return taken
            }
        }
    }

    /// Services on an in-memory database of a few thousand generated actions, and the SQL log.
    static func fixture() async throws -> (RoadmapServices, Statements) {
        let statements = Statements()
        var config = AppDatabase.makeConfiguration()
        config.prepareDatabase { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { statements.append(statement.expandedSQL) }
            }
        }
        let clock = RoadmapClock.fixed(testInstant)
        let database = try AppDatabase(DatabaseQueue(configuration: config), seed: .gers, clock: clock)
        try await LargeRoadmapGenerator.generate(
            into: database, counts: .init(partners: 200, actions: 3_000, envelopes: 20), clock: clock)
        try await database.write { db in try db.execute(sql: "ANALYZE") }
        _ = statements.take()
        return (RoadmapServices(database: database, clock: clock), statements)
    }

    /// The query plan of the statement that reads the page of actions.
    static func plan(of statements: [String], in services: RoadmapServices) async throws -> [String] {
        let sql = try #require(
            statements.first { $0.hasPrefix("SELECT") && $0.contains("FROM \"action\"") && $0.contains("LIMIT") })
        return try await services.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
        }
    }

    static let queries: [(String, @Sendable (inout ActionQuery) -> Void)] = [
        ("default order", { _ in }),
        ("by status", { $0.statuses = [.done] }),
        ("by axis", { $0.axisId = 2 }),
        (
            "by axis and status",
            {
                $0.axisId = 2
                $0.statuses = [.planned]
            }
        ),
        ("by group", { $0.groupId = 1 }),
        ("by lead partner", { $0.leadPartnerId = 20 }),
        // Date filters page in constant time when sorted by that date (documented).
        (
            "late, by end date",
            {
                $0.late = true
                $0.sort = Sort(.endOn)
            }
        ),
        (
            "end date range, by end date",
            {
                $0.endFrom = "2026-01-01"
                $0.endTo = "2026-02-01"
                $0.sort = Sort(.endOn)
            }
        ),
        (
            "start date range, by start date",
            {
                $0.startFrom = "2025-06-01"
                $0.sort = Sort(.startOn, descending: true)
            }
        ),
        ("sorted by title", { $0.sort = Sort(.title) }),
        ("sorted by end date", { $0.sort = Sort(.endOn, descending: true) }),
        ("sorted by progress", { $0.sort = Sort(.progress, descending: true) }),
        ("sorted by last update", { $0.sort = Sort(.updatedAt, descending: true) }),
    ]

    @Test("common lists read an index and never scan nor sort the whole table")
    func plansUseIndexes() async throws {
        let (services, statements) = try await Self.fixture()
        for (name, configure) in Self.queries {
            var query = ActionQuery(page: try PageRequest(limit: 50))
            configure(&query)
            _ = try await services.actions.list(query)
            let plan = try await Self.plan(of: statements.take(), in: services)
            // A bare "SCAN action" walks the rowid order: fine for the unfiltered id order,
            // which stops after the page; a filtered list must search an index instead.
            if name != "default order" {
                #expect(!plan.contains("SCAN action"), "\(name) scans the table: \(plan)")
            }
            #expect(
                !plan.contains { $0.contains("USE TEMP B-TREE FOR ORDER BY") }, "\(name) sorts every match: \(plan)")
        }
    }

    @Test("a search goes through the full-text index")
    func searchUsesTheIndex() async throws {
        let (services, statements) = try await Self.fixture()
        var query = ActionQuery(page: try PageRequest(limit: 50))
        query.text = "mediation numerique"
        _ = try await services.actions.list(query)
        let plan = try await Self.plan(of: statements.take(), in: services)
        #expect(plan.contains { $0.contains("VIRTUAL TABLE INDEX") }, "\(plan)")
        #expect(!plan.contains("SCAN action"), "\(plan)")
    }
}
