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
        // The copy is written beside the destination under a temporary name and moved into
        // place only once complete and checked: a backup killed halfway leaves no file at the
        // destination, only a `.partial` file that says what it is.
        let partial = destination + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let live = try DatabasePool(path: source, configuration: readOnlyConfiguration())
            let copy = try DatabaseQueue(path: partial, configuration: copyConfiguration())
            try live.backup(to: copy)
            // A backup is one self-contained file: out of WAL mode, so that nothing beside it
            // is needed, and it opens read-only anywhere (a WAL file needs its -shm written).
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
            try live.close()
            try verify(partial)
            guard rename(partial, destination) == 0 else {
                throw BackupError(
                    "the backup could not be moved to \(destination) (\(String(cString: strerror(errno))))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Replaces the content of the database at `destination` by the backup at `source`, after
    /// checking the backup. Stop the server first: a running server would keep its own view.
    public static func restore(from source: String, to destination: String) throws {
        try verify(source)
        if !FileManager.default.fileExists(atPath: destination) {
            // The database was deleted: what its -wal and -shm files hold belongs to the lost
            // file and must not be replayed onto the restored one.
            for leftover in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: destination + leftover) }
        }
        let backup = try DatabaseQueue(path: source, configuration: readOnlyConfiguration())
        let target = try DatabaseQueue(path: destination, configuration: copyConfiguration())
        try backup.backup(to: target)
        try backup.close()
        try target.close()
    }

    /// Checks that `path` is a sound fne-api database: `PRAGMA integrity_check` answers `ok`,
    /// and it carries this program's migrations.
    public static func verify(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError("no database at \(path)") }
        // Named before SQLite opens it: opened read-only, a damaged header reads as
        // "attempt to write a readonly database", which says nothing of the real problem.
        do {
            try StorageOpening.checkHeader(path: path)
        } catch is StorageError {
            throw BackupError(
                "\(path) is not an SQLite database (its header is damaged, or it is another kind of file): choose another backup"
            )
        }
        do {
            try verifyContent(path)
        } catch let error as DatabaseError {
            throw BackupError(
                "\(path) is not a sound database (\(error.message ?? "\(error.resultCode)")): choose another backup")
        }
    }

    private static func verifyContent(_ path: String) throws {
        let queue = try DatabaseQueue(path: path, configuration: readOnlyConfiguration())
        defer { try? queue.close() }
        try queue.read { db in
            let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard result == ["ok"] else {
                throw BackupError("\(path) fails the integrity check: \(result.prefix(5).joined(separator: "; "))")
            }
            guard try db.tableExists("grdb_migrations"), try db.tableExists("appMeta") else {
                throw BackupError("\(path) is not an fne-api database")
            }
        }
    }

    /// A backup file is a single file: no WAL kept beside it.
    private static func copyConfiguration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        return config
    }

    private static func readOnlyConfiguration() -> Configuration {
        var config = copyConfiguration()
        config.readonly = true
        return config
    }
}

/// A backup or restore that cannot be done; the message says why.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
