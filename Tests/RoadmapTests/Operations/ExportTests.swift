import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Export and import")
struct ExportTests {
    @Test("export → import → export is byte-identical, accents, line breaks and deleted ids included")
    func roundTrip() async throws {
        // setup: the seed plus user data with awkward text and a gap in the ids
        let services = try makeServices()
        _ = try await services.axes.create(
            AxisInput(number: 5, title: "Axe « 5 » — \"guillemets\" \\ œuvre", description: "ligne 1\nligne 2\ttab"),
            by: .anonymous)
        let doomed = try await services.axes.create(AxisInput(number: 6, title: "supprimé"), by: .anonymous)
        try await services.axes.delete(id: doomed.id!, by: .anonymous)
        let first = try await services.database.exportDocument()
        // MUT
        let target = try AppDatabase.inMemory(seed: nil)
        try await target.importDocument(first)
        let second = try await target.exportDocument()
        // validate
        #expect(second == first)
        let created = try await RoadmapServices(database: target).axes.create(
            AxisInput(number: 7, title: "après import"), by: .anonymous)
        #expect(created.id! > doomed.id!, "an id deleted before the export is not reused")
    }

    @Test("the import keeps full-text search working")
    func searchAfterImport() async throws {
        let services = try makeServices()
        try await services.database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO action(axisId, title, createdAt, updatedAt) VALUES (1, 'Médiation numérique', '2025-01-01', '2025-01-01')"
            )
        }
        let target = try AppDatabase.inMemory(seed: nil)
        try await target.importDocument(try await services.database.exportDocument())
        let found = try await target.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM actionSearch WHERE actionSearch MATCH 'mediation'")
        }
        #expect(found == 1)
    }

    @Test("an import into a database that holds data, or of another document, is refused and changes nothing")
    func refusals() async throws {
        let document = try await makeServices().database.exportDocument()
        let seeded = try AppDatabase.inMemory(seed: .gers)
        await #expect(throws: ExportError.self) { try await seeded.importDocument(document) }
        let empty = try AppDatabase.inMemory(seed: nil)
        await #expect(throws: ExportError.self) { try await empty.importDocument(Data(#"{"format":"other"}"#.utf8)) }
        let axes = try await empty.read { db in try Axis.fetchCount(db) }
        #expect(axes == 0)
    }

    @Test("every data table is exported; bookkeeping and the search index are not")
    func tables() async throws {
        let document = try await makeServices().database.exportDocument()
        let root = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
        let names = (root["tables"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("partner") && names.contains("changeLog") && names.contains("sqlite_sequence"))
        #expect(!names.contains("grdb_migrations"))
        #expect(!names.contains { $0.hasPrefix("actionSearch") })
    }
}
