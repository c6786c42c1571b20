import Foundation
import GRDB
import Testing

@testable import Roadmap

/// What the server does when its database file is not what it should be: never acknowledge
/// a write that is not stored, never start on a damaged file, never create a new database
/// where one was expected.
@Suite("Storage faults")
struct StorageFaultTests {
    @Test("a database file deleted under an open database refuses writes and fails the health check")
    func fileDeleted() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .gers))
        try await services.database.ping()
        // MUT
        try FileManager.default.removeItem(atPath: file.path)
        // validate
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 7, title: "Axe 7"), by: .anonymous)
        }
        guard case .unavailable(let reason) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("deleted or replaced"))
        await #expect(throws: RoadmapError.self) { try await services.database.ping() }
    }

    @Test(
        "its -wal or -shm file deleted under an open database refuses writes (recent data lives there)",
        arguments: ["-wal", "-shm"])
    func sidecarDeleted(suffix: String) async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .gers))
        _ = try await services.axes.create(AxisInput(number: 7, title: "Axe 7"), by: .anonymous)
        // MUT
        try FileManager.default.removeItem(atPath: file.path + suffix)
        // validate
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 8, title: "Axe 8"), by: .anonymous)
        }
        #expect(error.map { if case .unavailable = $0 { true } else { false } } == true)
        await #expect(throws: RoadmapError.self) { try await services.database.ping() }
    }

    @Test("the schema and the seed are in the database file itself once a start is done, not only in the -wal")
    func seedCheckpointed() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        // MUT: the main file alone, as if its -wal were lost
        let alone = file.directory.appendingPathComponent("alone.sqlite").path
        try FileManager.default.copyItem(atPath: file.path, toPath: alone)
        // validate
        let queue = try DatabaseQueue(path: alone)
        let axes = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM axis") }
        #expect(axes == 4)
        try queue.close()
    }

    @Test("a start refuses an existing database without any table (its data lost with a -wal file)")
    func startRefusesEmptyDatabase() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let queue = try DatabaseQueue(path: file.path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try queue.close()
        #expect(throws: StorageError.self) { _ = try AppDatabase.openFile(atPath: file.path, seed: .gers) }
    }

    @Test("a database file replaced under an open database refuses writes")
    func fileReplaced() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .gers))
        let other = file.directory.appendingPathComponent("other.sqlite").path
        try await DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE t(x)") }
        // MUT
        #expect(rename(other, file.path) == 0)
        // validate
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 7, title: "Axe 7"), by: .anonymous)
        }
        #expect(error.map { if case .unavailable = $0 { true } else { false } } == true)
        await #expect(throws: RoadmapError.self) { try await services.database.ping() }
    }

    @Test("a start creates a database where nothing existed, and refuses where its -wal and -shm files remain")
    func startAfterDeletion() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        // setup: a first start, then the file deleted behind the server's back
        _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        #expect(FileManager.default.fileExists(atPath: file.path + "-wal"))
        try FileManager.default.removeItem(atPath: file.path)
        // MUT + validate
        do {
            _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
            Issue.record("a new database was created where the old one was deleted")
        } catch let error as StorageError {
            #expect(error.description.contains(file.path) && error.description.contains("deleted or moved"))
        }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test(
        "a start refuses an empty file, a file that is not a database, and another application's database",
        arguments: ["empty", "text", "foreign"])
    func startRefusesForeignFiles(kind: String) throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        switch kind {
        case "empty": FileManager.default.createFile(atPath: file.path, contents: Data())
        case "text": FileManager.default.createFile(atPath: file.path, contents: Data("name;kind\n".utf8))
        default: try DatabaseQueue(path: file.path).write { db in try db.execute(sql: "CREATE TABLE invoices(id)") }
        }
        #expect(throws: StorageError.self) { _ = try AppDatabase.openFile(atPath: file.path, seed: .gers) }
    }

    @Test("a start refuses a database with a damaged page, saying so")
    func startRefusesCorruption() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        try Self.makeDamagedDatabase(at: file.path)
        do {
            _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
            Issue.record("the damaged database was opened")
        } catch let error as StorageError {
            #expect(error.description.contains("damaged"))
        }
    }

    @Test("a damage found while serving is a 503 for every later write, and fails the health check")
    func corruptionWhileServing() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let database = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        let services = RoadmapServices(database: database)
        // setup: enough partners for their table to span pages, all in the database file itself
        for index in 1...300 {
            _ = try await services.partners.create(
                PartnerInput(name: "Partenaire \(index) \(String(repeating: "x", count: 60))", kind: .association),
                by: .anonymous)
        }
        let checkpointer = try DatabaseQueue(path: file.path)
        try await checkpointer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try checkpointer.close()
        let root = try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'partner'") ?? 0
        }
        try Self.overwrite(page: root, of: file.path)
        // a write elsewhere makes every connection drop its cached pages
        _ = try await services.axes.create(AxisInput(number: 9, title: "Axe 9"), by: .anonymous)
        // MUT
        let error = await roadmapError { _ = try await services.partners.list(PartnerQuery(page: try PageRequest())) }
        // validate
        guard case .unavailable(let reason) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("damaged"))
        await #expect(throws: RoadmapError.self) { try await database.ping() }
        let later = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 10, title: "Axe 10"), by: .anonymous)
        }
        #expect(later.map { if case .unavailable = $0 { true } else { false } } == true)
    }

    /// A migrated database whose `axis` table's root page is overwritten.
    static func makeDamagedDatabase(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            for index in 1...200 {
                try db.execute(
                    sql:
                        "INSERT INTO axis(number, title, isOptional, createdAt, updatedAt) VALUES (?, ?, 0, '2025-01-01', '2025-01-01')",
                    arguments: [index, "Axe \(index) " + String(repeating: "y", count: 80)])
            }
        }
        let root = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'axis'") ?? 0
        }
        try queue.close()
        try overwrite(page: root, of: path)
    }

    /// Writes garbage over page `page` (1-based) of the file at `path`, the way a failing disk would.
    static func overwrite(page: Int, of path: String) throws {
        #expect(page > 1)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64((page - 1) * 4096))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.synchronize()
    }
}
