import GRDB
import Synchronization

/// The state of the stored data, as far as a reader can tell: two stamps are equal only if no
/// commit happened between them, whether by this process or by another one on the same file
/// (the command line's `import` or `restore`, the sqlite3 shell).
///
/// A read cache that keeps answers under the stamp taken *before* computing them, and serves
/// them only to requests that take the same stamp, never serves data older than the last
/// committed write.
public struct ChangeStamp: Hashable, Sendable {
    /// Write transactions of this process, counted after they end.
    let localWrites: UInt64
    /// SQLite's `PRAGMA data_version` on a connection that never writes: it moves with every
    /// commit made through any other connection, in any process (0 in memory).
    let fileVersion: Int64
}

/// Counts the write transactions of this process.
final class WriteCounter: Sendable {
    private let count = Atomic<UInt64>(0)

    var value: UInt64 { count.load(ordering: .acquiring) }

    func increment() {
        count.add(1, ordering: .releasing)
    }
}

/// A read-only connection kept only to ask SQLite whether the file changed.
struct FileChangeWatch: Sendable {
    private let connection: DatabaseQueue

    init(path: String) throws {
        var configuration = AppDatabase.makeConfiguration()
        configuration.readonly = true
        configuration.label = "change-watch"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Asked on every cacheable read, so: synchronously (one pragma on a connection of its own
    /// takes microseconds; an async read's hop to GRDB's queue and back cost more), outside a
    /// transaction (data_version needs none), with a statement compiled once.
    func dataVersion() throws -> Int64 {
        try connection.inDatabase { db in
            try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        }
    }
}
