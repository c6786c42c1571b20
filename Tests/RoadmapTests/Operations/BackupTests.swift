import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Backup and restore")
struct BackupTests {
    @Test("a backup taken while writes continue opens, passes the integrity check, and holds a real state")
    func backupDuringWrites() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let database = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        let services = RoadmapServices(database: database)
        // setup: a writer that keeps creating axes while the backup runs
        let writer = Task {
            var created = 0
            for number in 10...400 {
                _ = try await services.axes.create(AxisInput(number: number, title: "Axe \(number)"), by: .anonymous)
                created += 1
            }
            return created
        }
        try await Task.sleep(for: .milliseconds(20))
        // MUT
        let backupPath = file.directory.appendingPathComponent("backup.sqlite").path
        try DatabaseBackup.backup(from: file.path, to: backupPath)
        let created = try await writer.value
        // validate: the copy is sound, and every axis in it is one the writer created in order
        try DatabaseBackup.verify(backupPath)
        let copy = try DatabaseQueue(path: backupPath)
        let numbers = try await copy.read { db in try Int.fetchAll(db, sql: "SELECT number FROM axis ORDER BY number") }
        #expect(Array(numbers.prefix(4)) == [1, 2, 3, 4])
        let extra = numbers.dropFirst(4)
        #expect(
            Array(extra) == Array(10..<(10 + extra.count)),
            "the backup is a prefix of the writes: a state the database had")
        #expect(created == 391)
    }

    @Test("a backup is one file, with nothing left beside it, that opens read-only")
    func backupIsOneFile() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        let directory = file.directory.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let backupPath = directory.appendingPathComponent("backup.sqlite").path
        // MUT
        try DatabaseBackup.backup(from: file.path, to: backupPath)
        // validate
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["backup.sqlite"])
        var readOnly = Configuration()
        readOnly.readonly = true
        let copy = try DatabaseQueue(path: backupPath, configuration: readOnly)
        #expect(try copy.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
        try copy.close()
    }

    @Test("restore names a damaged header as such, and replaces nothing")
    func restoreDamagedHeader() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        let backupPath = file.directory.appendingPathComponent("backup.sqlite").path
        try DatabaseBackup.backup(from: file.path, to: backupPath)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: backupPath))
        bytes.replaceSubrange(0..<100, with: Data(count: 100))
        try bytes.write(to: URL(fileURLWithPath: backupPath))
        do {
            try DatabaseBackup.restore(from: backupPath, to: file.path)
            Issue.record("a damaged backup was restored")
        } catch let error as BackupError {
            #expect(error.description.contains("not an SQLite database"))
            #expect(!error.description.contains("readonly"))
        }
    }

    @Test("restore brings back the backed-up roadmap")
    func restore() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .gers))
        let backupPath = file.directory.appendingPathComponent("backup.sqlite").path
        try DatabaseBackup.backup(from: file.path, to: backupPath)
        let before = try await services.database.exportDocument()
        // a mistake after the backup
        try await services.axes.delete(id: 4, by: .anonymous)
        // MUT (the server would be stopped here)
        let restoredPath = file.directory.appendingPathComponent("restored.sqlite").path
        try FileManager.default.copyItem(atPath: file.path, toPath: restoredPath)
        try DatabaseBackup.restore(from: backupPath, to: restoredPath)
        // validate
        let restored = try AppDatabase.openFile(atPath: restoredPath, seed: .gers)
        #expect(try await restored.exportDocument() == before)
    }

    @Test("a backup never overwrites a file, and restore refuses what is not an fne-api database")
    func refusals() throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        _ = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        #expect(throws: BackupError.self) { try DatabaseBackup.backup(from: file.path, to: file.path) }
        let other = file.directory.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t(x)") }
        try queue.close()
        #expect(throws: BackupError.self) { try DatabaseBackup.restore(from: other, to: file.path) }
        let garbage = file.directory.appendingPathComponent("garbage.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: (any Error).self) { try DatabaseBackup.verify(garbage) }
    }
}
