import GRDB
import Testing

@testable import Roadmap

@Suite("Migrations")
struct MigrationTests {
    @Test("the schema has a table for every module")
    func schemaCoversEveryModule() async throws {
        let database = try AppDatabase.inMemory()
        let tables = try await database.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for table in [
            "axis", "action", "actionIndicator", "actionPartner", "partner", "partnerRole", "workingGroup",
            "groupMember", "groupMeeting", "fundingEnvelope", "fundingAllocation", "financingLine",
            "roadmap", "changeLog", "actionSearch",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test("foreign keys are enforced")
    func foreignKeysAreEnforced() async throws {
        let database = try AppDatabase.inMemory()
        await #expect(throws: RoadmapError.self) {
            try await database.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO workingGroup(axisId, name, nameKey, createdAt, updatedAt) VALUES (999, 'x', 'x', '2025-01-01', '2025-01-01')"
                )
            }
        }
    }

    @Test("the database keeps a group to one lead")
    func oneLeadPerGroup() async throws {
        let services = try makeServices()
        await #expect(throws: RoadmapError.self) {
            try await services.database.write { db in
                try db.execute(
                    sql: "INSERT INTO groupMember VALUES (1, 1, 'lead', '2025-01-01'), (1, 2, 'lead', '2025-01-01')")
            }
        }
    }

    @Test("full-text search ignores case and accents")
    func searchIgnoresAccents() async throws {
        let services = try makeServices()
        let found = try await services.database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO action(axisId, title, createdAt, updatedAt) VALUES (1, 'Médiation numérique itinérante', '2025-01-01', '2025-01-01')"
            )
            return try Int.fetchOne(
                db, sql: "SELECT count(*) FROM actionSearch WHERE actionSearch MATCH 'MEDIATION numerique'")
        }
        #expect(found == 1)
    }

    @Test("keys written before invisible characters were folded away lose them, unless another row has that key")
    func visibleKeysMigration() throws {
        let queue = try DatabaseQueue()
        var migrator = Migrations.migrator
        try migrator.migrate(queue, upTo: "v4-idempotency-commit")
        try queue.write { db in
            for (name, key) in [
                ("Omega\u{200B} Corp", "omega\u{200B} corp"), ("\u{FEFF}Gers Numérique", "\u{FEFF}gers numerique"),
                ("Gers Numerique", "gers numerique"),
            ] {
                try db.execute(
                    sql:
                        "INSERT INTO partner(name, nameKey, kind, createdAt, updatedAt) VALUES (?, ?, 'other', '2025-01-01', '2025-01-01')",
                    arguments: [name, key])
            }
        }
        // MUT
        try migrator.migrate(queue)
        // validate
        let keys = try queue.read { db in try String.fetchAll(db, sql: "SELECT nameKey FROM partner ORDER BY id") }
        #expect(keys == ["omega corp", "\u{FEFF}gers numerique", "gers numerique"])
    }
}
