import Foundation
import GRDB

/// Consistent copies of a live database, and bringing one back.
///
/// A backup uses SQLite's online backup API from a read transaction: in WAL mode the server
/// keeps writing while the copy reads one consistent snapshot, so the copy is a state the
/// database really had, at the instant the backup started.
public enum DatabaseBackup {
    /// Copies the database at `source` into a new file at `destination`, then checks the copy.
    /// Refuses to overwrite an existing file.
    public static func backup(from source: String, to destination: String) throws {
        guard FileManager.default.fileExists(atPath: source) else {
            throw BackupError("no database at \(source)")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw BackupError("\(destination) already exists; choose a new file name")
        }
        let live = try DatabasePool(path: source, configuration: readOnlyConfiguration())
        let copy = try DatabaseQueue(path: destination, configuration: AppDatabase.makeConfiguration())
        try live.backup(to: copy)
        try copy.close()
        try live.close()
        try verify(destination)
    }

    /// Replaces the content of the database at `destination` by the backup at `source`, after
    /// checking the backup. Stop the server first: a running server would keep its own view.
    public static func restore(from source: String, to destination: String) throws {
        try verify(source)
        let backup = try DatabaseQueue(path: source, configuration: readOnlyConfiguration())
        let target = try DatabaseQueue(path: destination, configuration: AppDatabase.makeConfiguration())
        try backup.backup(to: target)
        try backup.close()
        try target.close()
    }

    /// Checks that `path` is a sound fne-api database: `PRAGMA integrity_check` answers `ok`,
    /// and it carries this program's migrations.
    public static func verify(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError("no database at \(path)") }
        let queue = try DatabaseQueue(path: path, configuration: readOnlyConfiguration())
        defer { try? queue.close() }
        try queue.read { db in
            let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard result == ["ok"] else { throw BackupError("\(path) fails the integrity check: \(result.prefix(5).joined(separator: "; "))") }
            guard try db.tableExists("grdb_migrations"), try db.tableExists("appMeta") else {
                throw BackupError("\(path) is not an fne-api database")
            }
        }
    }

    private static func readOnlyConfiguration() -> Configuration {
        var config = AppDatabase.makeConfiguration()
        config.readonly = true
        return config
    }
}

/// A backup or restore that cannot be done; the message says why.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
