import Foundation
import GRDB
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches over the database file while the server runs, so that nothing is acknowledged that
/// was not stored: a file deleted or replaced under the server (its writes would go to an
/// unlinked inode and vanish at the next start), or a corruption found in a page.
///
/// Once a fault is seen it stays: every later write is refused with ``RoadmapError/unavailable(_:)``
/// (a 503), `/health` answers 503, and one log line says what happened. Only a restart, after
/// the operator has repaired the file, clears it.
final class StorageGuard: Sendable {
    /// What went wrong with the file.
    enum Fault: Sendable, Equatable, CustomStringConvertible {
        case fileLost(path: String)
        case corrupt(detail: String)

        var description: String {
            switch self {
            case .fileLost(let path):
                return
                    "the database file \(path) was deleted or replaced while the server ran; writes are refused until it is restored and the server restarted"
            case .corrupt(let detail):
                return
                    "the database is damaged (\(detail)); writes are refused until it is restored from a backup and the server restarted"
            }
        }
    }

    /// The database file and its -wal and -shm files as they were opened (device and inode);
    /// empty in memory. Until a checkpoint, recent data lives in the -wal file alone: it is as
    /// much the database as the main file.
    private let identities: [(path: String, identity: FileIdentity)]
    private let path: String
    private let fault = Mutex<Fault?>(nil)
    private let logger = Logger(label: "fne-api.storage")

    init(path: String, watchesFile: Bool) throws {
        self.path = path
        var identities: [(path: String, identity: FileIdentity)] = []
        if watchesFile {
            for file in [path, path + "-wal", path + "-shm"] {
                guard let identity = FileIdentity(path: file) else {
                    throw StorageError("the database file \(file) cannot be examined (stat failed)")
                }
                identities.append((file, identity))
            }
        }
        self.identities = identities
    }

    /// The fault seen so far, if any.
    var currentFault: Fault? { fault.withLock { $0 } }

    /// Throws when a fault was seen, or when the file at the path is no longer the one opened.
    func check() throws {
        if let fault = currentFault { throw RoadmapError.unavailable(fault.description) }
        for (file, identity) in identities where FileIdentity(path: file) != identity {
            record(.fileLost(path: file))
            throw RoadmapError.unavailable(Fault.fileLost(path: file).description)
        }
    }

    /// Keeps the first fault and logs it once.
    func record(_ newFault: Fault) {
        let isFirst = fault.withLock { current in
            guard current == nil else { return false }
            current = newFault
            return true
        }
        if isFirst { logger.critical("storage fault: \(newFault)") }
    }
}

/// Device and inode of a file: equal for the same file, whatever its path or content.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// Nil when nothing is at `path`.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// A database file that cannot be opened safely; the message says why and what to do.
public struct StorageError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The checks made before a server opens its database file.
enum StorageOpening {
    /// Files above this size skip `PRAGMA quick_check` at start (it reads every page).
    static let quickCheckLimit: Int64 = 512 << 20

    /// Whether `path` may be opened: a new database is created only where nothing existed,
    /// neither the file nor the `-wal`/`-shm` files SQLite keeps beside it (see
    /// ``AppDatabase/makeConfiguration(_:)``: they outlive every clean stop). A missing file
    /// with those files beside it was deleted or moved: creating a new one there would hide the
    /// loss. Returns true when the database is to be created.
    static func prepare(path: String) throws -> Bool {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else {
            let leftovers = ["-wal", "-shm"].map { path + $0 }.filter { files.fileExists(atPath: $0) }
            if !leftovers.isEmpty {
                throw StorageError(
                    """
                    no database at \(path), but \(leftovers.joined(separator: " and ")) remain: the database was \
                    deleted or moved. Restore it (fne-api restore --db \(path) --from BACKUP), or, to start a new \
                    database there, delete \(leftovers.joined(separator: " and ")) first.
                    """)
            }
            return true
        }
        try checkHeader(path: path)
        return false
    }

    /// Refuses a file that is not an SQLite database (an empty file would silently become a
    /// new, empty database).
    static func checkHeader(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StorageError("the database file \(path) cannot be read (check its permissions)")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw StorageError(
                header.isEmpty
                    ? "\(path) is an empty file, not a database: restore a backup, or delete it to create a new database"
                    : "\(path) is not an SQLite database (its header is damaged or it is another kind of file): restore a backup"
            )
        }
    }

    /// Refuses an SQLite file that holds another application's tables: adding fne-api's schema
    /// and seed to it would hide that the expected database is gone (a file replaced).
    static func checkBelongsToUs(_ writer: any DatabaseWriter, path: String) throws {
        let tables = try writer.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        guard !tables.isEmpty else {
            // What a database whose data lived in a lost -wal file looks like.
            throw StorageError(
                """
                \(path) is an SQLite database without any table: its data is missing (was its -wal file deleted?). \
                Restore a backup (fne-api restore), or delete it (and its -wal and -shm files) to create a new database
                """)
        }
        guard tables.contains("grdb_migrations") else {
            throw StorageError(
                """
                \(path) is an SQLite database of another application (tables: \(tables.prefix(5).joined(separator: ", "))), \
                not an fne-api database: point --db / FNE_DB at the fne-api database, or restore one (fne-api restore)
                """)
        }
    }

    /// `PRAGMA quick_check` on a database opened for serving; throws when it finds damage.
    static func quickCheck(_ writer: any DatabaseWriter, path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= quickCheckLimit else {
            Logger(label: "fne-api.storage").notice(
                "quick_check skipped: \(path) is larger than \(quickCheckLimit >> 20) MiB")
            return
        }
        let result: [String]
        do {
            result = try writer.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch let error as DatabaseError {
            throw StorageError(
                "the database \(path) is damaged (\(error.message ?? "\(error.resultCode)")): restore a backup (fne-api restore)"
            )
        }
        guard result == ["ok"] else {
            throw StorageError(
                "the database \(path) is damaged (quick_check: \(result.prefix(3).joined(separator: "; "))): restore a backup (fne-api restore)"
            )
        }
    }
}
