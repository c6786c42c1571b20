import CoreMetrics
import Foundation
import GRDB
import GRDBSQLite
import Logging

/// The roadmap's database: one writer, the schema migrations, and the seed.
///
/// Services receive an `AppDatabase` and run each use case in one `read` or one `write`
/// transaction; nothing outside this target sees SQL.
public struct AppDatabase: Sendable {
    /// The one writer (a WAL `DatabasePool` for files, a `DatabaseQueue` in memory).
    private let dbWriter: any DatabaseWriter
    /// Time spent in read and write transactions (`fne_db_transaction_duration_seconds`).
    private let readTimer: CoreMetrics.Timer
    private let writeTimer: CoreMetrics.Timer
    /// What ``changeStamp()`` is made of: this process's writes, and other processes' commits.
    private let localWrites = WriteCounter()
    private let fileWatch: FileChangeWatch?
    /// Faults of the file under a running server (deleted, replaced, corrupt); see ``StorageGuard``.
    private let storage: StorageGuard

    /// Opens `dbWriter`, applies the pending migrations and, when `seed` is given, writes that
    /// seed if this database never received one. Transaction times go to `metrics` when given.
    ///
    /// - important: create `dbWriter` with a configuration from ``makeConfiguration(_:)``.
    public init(
        _ dbWriter: any DatabaseWriter, seed: SeedPolicy?, clock: RoadmapClock = .system,
        metrics: (any MetricsFactory)? = nil
    ) throws {
        try self.init(dbWriter, seed: seed, clock: clock, metrics: metrics) { _ in }
    }

    /// As above, running `prepared` once migrations and seed are written, before the files
    /// are watched.
    init(
        _ dbWriter: any DatabaseWriter, seed: SeedPolicy?, clock: RoadmapClock, metrics: (any MetricsFactory)?,
        prepared: (any DatabaseWriter) throws -> Void
    ) throws {
        self.dbWriter = dbWriter
        let factory = metrics ?? NOOPMetricsHandler.instance
        readTimer = CoreMetrics.Timer(
            label: "fne_db_transaction_duration_seconds", dimensions: [("kind", "read")], factory: factory)
        writeTimer = CoreMetrics.Timer(
            label: "fne_db_transaction_duration_seconds", dimensions: [("kind", "write")], factory: factory)
        try Migrations.migrator.migrate(dbWriter)
        if let seed {
            try Seeder.seedIfNeeded(dbWriter, policy: seed, clock: clock)
        }
        try prepared(dbWriter)
        // Only a file can be changed by another process.
        fileWatch = dbWriter is DatabasePool ? try FileChangeWatch(path: dbWriter.path) : nil
        storage = try StorageGuard(path: dbWriter.path, watchesFile: dbWriter is DatabasePool)
    }

    /// The database file at `path`, in WAL mode. A new database is created only where nothing
    /// existed (see ``StorageOpening/prepare(path:)``); an existing one must pass
    /// `PRAGMA quick_check`. Throws ``StorageError`` with the reason otherwise.
    public static func openFile(
        atPath path: String, seed: SeedPolicy?, clock: RoadmapClock = .system, metrics: (any MetricsFactory)? = nil
    ) throws -> AppDatabase {
        let creates = try StorageOpening.prepare(path: path)
        if creates {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        do {
            let pool = try DatabasePool(path: path, configuration: makeConfiguration())
            if !creates {
                try StorageOpening.quickCheck(pool, path: path)
                try StorageOpening.checkBelongsToUs(pool, path: path)
            }
            // Migrations and the seed go into the database file itself, not only the -wal.
            // Passive, so best effort: it never waits for another process (a running server
            // while `token create` opens the file) and never fails a start.
            let database = try AppDatabase(pool, seed: seed, clock: clock, metrics: metrics) { pool in
                try? pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            }
            if creates { Logger(label: "fne-api.storage").notice("created a new database at \(path)") }
            return database
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw StorageError(
                "the database \(path) is damaged (\(error.message ?? "corrupt")): restore a backup (fne-api restore)")
        }
    }

    /// A private in-memory database, for tests.
    public static func inMemory(
        seed: SeedPolicy? = SeedPolicy.none, clock: RoadmapClock = .system, metrics: (any MetricsFactory)? = nil
    ) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: makeConfiguration()), seed: seed, clock: clock, metrics: metrics)
    }

    /// The configuration every connection uses.
    public static func makeConfiguration(_ base: Configuration = Configuration()) -> Configuration {
        var config = base
        config.foreignKeysEnabled = true
        // Wait for another process's lock (a backup, the sqlite3 shell) instead of failing.
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // In WAL mode, NORMAL keeps every committed transaction across a crash of the
            // process; only a power loss may roll back the last ones. It spares an fsync per write.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The -wal and -shm files stay beside the database once it has been opened, even
            // after the last connection closes (which empties the WAL to 0 bytes, as a
            // journal_size_limit >= 0 asks): a database file missing next to them was deleted,
            // and a start refuses to create a new one there (StorageOpening).
            var persist: Int32 = 1
            _ = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &persist)
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            // Deleted and overwritten content is zeroed in the file, not left in free space:
            // erasing a contact's personal data (``ContactService``) must leave no trace of it.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return config
    }
}

// MARK: - Erasure

extension AppDatabase {
    /// Empties the write-ahead log into the database file and truncates it to zero bytes, so
    /// that page images written before an erasure survive in neither file (the database's own
    /// freed space is zeroed by `secure_delete`). A reader holding an older snapshot delays it:
    /// retried for up to a few seconds, then reported as unavailable.
    func truncateWriteAheadLog() async throws {
        guard dbWriter is DatabasePool else { return }
        for attempt in 1...50 {
            do {
                try await dbWriter.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 50 {
                try await Task.sleep(for: .milliseconds(100))
            } catch let error as DatabaseError {
                throw translate(error)
            }
        }
    }
}

// MARK: - Transactions used by the services

extension AppDatabase {
    /// Runs `block` in a read transaction (a consistent snapshot).
    func read<T: Sendable>(_ block: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { readTimer.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        do {
            return try await dbWriter.read(block)
        } catch let error as DatabaseError {
            throw translate(error)
        }
    }

    /// Runs `block` in a write transaction: everything it does commits together or not at all.
    func write<T: Sendable>(_ block: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer {
            // After the commit (or the rollback, which changes nothing but costs nothing to
            // count): readers that take a stamp from now on see the change.
            localWrites.increment()
            writeTimer.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        }
        try checkFileIsStillOurs()
        // Read here: the block runs on the writer's thread, outside this task.
        let claim = IdempotencyClaim.current
        do {
            return try await dbWriter.write { db in
                let result = try block(db)
                try claim?.markCommitted(db, at: Date())
                return result
            }
        } catch let error as DatabaseError {
            throw translate(error)
        }
    }

    /// Refuses to write into a file that is no longer the database the server opened, or after
    /// a corruption was found.
    private func checkFileIsStillOurs() throws {
        try storage.check()
    }

    /// Database errors that reach a caller. The services check every rule before writing; a
    /// constraint failure here is a rule they missed, still the caller's data, never a 500.
    /// A damaged page is a fault of the storage: recorded, then a 503 like every other.
    private func translate(_ error: DatabaseError) -> any Error {
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            storage.record(.corrupt(detail: error.message ?? "\(error.resultCode)"))
            return RoadmapError.unavailable(storage.currentFault?.description ?? "database damaged")
        case .SQLITE_CONSTRAINT:
            return RoadmapError.conflict(
                detail: "The change breaks a rule of the stored data (\(error.message ?? "constraint")).")
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_READONLY:
            return RoadmapError.unavailable(error.message ?? "database unavailable")
        default:
            return error
        }
    }
}

// MARK: - Operations of the whole database

extension AppDatabase {
    /// Succeeds when the database answers a query and can take writes: no fault seen, and the
    /// file at the path is still the one opened.
    ///
    /// A file database answers on the change-watch connection, synchronously (the pool's
    /// async read, a hop to GRDB's queue with BEGIN and COMMIT, was most of a `/health`'s own
    /// cost; issue 18); an in-memory one through a read.
    public func ping() async throws {
        try checkFileIsStillOurs()
        guard let fileWatch else {
            _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
            return
        }
        do {
            _ = try fileWatch.dataVersion()
        } catch let error as DatabaseError {
            throw translate(error)
        }
    }

    /// The state of the stored data now; see ``ChangeStamp``. Take it before reading what a
    /// cache will keep under it.
    public func changeStamp() async throws -> ChangeStamp {
        let local = localWrites.value
        do {
            let file = try fileWatch?.dataVersion() ?? 0
            return ChangeStamp(localWrites: local, fileVersion: file)
        } catch let error as DatabaseError {
            throw translate(error)
        }
    }

    /// The seed this database received (`gers`, `none`), or nil if it was only migrated.
    public func seedMark() async throws -> SeedPolicy? {
        try await read { db in try Seeder.seedMark(db) }
    }

    /// Size of the database on disk: its pages plus the write-ahead log (0 in memory).
    public func sizeInBytes() async throws -> Int64 {
        let pages = try await read { db in
            try Int64.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                ?? 0
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: dbWriter.path + "-wal")
        let wal = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return pages + wal
    }

    /// The path of the database file (`:memory:` for an in-memory database).
    public var path: String { dbWriter.path }

    /// Names of the migrations applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try Migrations.migrator.appliedMigrations(db) }
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
