import Foundation
import GRDB

/// A kind of record, as the change log names it: by its table (`Action.self` is `action`).
public typealias EntityType = any TableRecord.Type

/// A record of the roadmap that callers create, change and delete, each write recorded in the
/// change log. Its table name is its entity name everywhere a name is shown (the change log,
/// the change feed, a 404, a conflict's references), so no string restates it.
protocol AuditedRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord, LoggedResource,
    Identifiable
where ID == Int64? {
    var id: Int64? { get }
    var createdAt: Date { get set }
    var updatedAt: Date { get set }

    /// The field rules of the record, whatever produced it: a creation, or a patch applied
    /// onto the stored record. Adds each broken rule to `v`.
    func validate(into v: inout Validator)
}

extension AuditedRecord {
    /// Throws `invalid` (→ 400) naming every field that breaks a rule of ``validate(into:)``,
    /// with the faults already found while building the record (`faults`: a date that does not
    /// parse, a list that repeats an id), so that one answer names them all.
    func validate(adding faults: Validator = Validator()) throws {
        var v = faults
        validate(into: &v)
        try v.finish()
    }

    /// The stored record with this id, or `notFound` naming the entity.
    static func find(_ db: Database, id: Int64) throws -> Self {
        guard let record = try fetchOne(db, primaryKey: id) else { throw RoadmapError.notFound(Self.self, id: id) }
        return record
    }
}

/// One write transaction of a service on behalf of a caller: the one path by which records are
/// created, changed and deleted, each stamped with the write's instant and recorded in the
/// change log in the same transaction (so neither exists without the other).
///
/// The instant comes from the service's ``RoadmapClock`` rather than GRDB's transaction clock:
/// services and the database are built separately, and tests run services with their own
/// clocks on one database.
struct AuditedWrite {
    let db: Database
    let caller: Caller
    /// The instant of this write: `createdAt`, `updatedAt` and the change log's `occurredAt`.
    let now: Date

    /// Stamps and inserts a new record, and records its creation. The caller has validated it.
    func insert<R: AuditedRecord>(_ record: inout R) throws {
        try insert(&record) { $0 }
    }

    /// Stamps and inserts a new record; `entry` writes the rows that belong to it (an action's
    /// contributors, a partner's roles) and returns what the change log records of it.
    func insert<R: AuditedRecord, Entry: Encodable>(_ record: inout R, loggedAs entry: (R) throws -> Entry) throws {
        record.createdAt = now
        record.updatedAt = now
        try record.insert(db)
        try ChangeLog.created(db, R.self, id: record.id!, try entry(record), by: caller, at: now)
    }

    /// Writes `record` over `old` when they differ: stamps `updatedAt`, updates the changed
    /// columns only, and records the fields that changed. Returns false (and writes nothing)
    /// when nothing changed.
    @discardableResult
    func update<R: AuditedRecord>(_ record: inout R, from old: R) throws -> Bool {
        try update(&record, from: old, relatedChanged: false, loggedFrom: old) { $0 }
    }

    /// Writes `record` over `old` when it, or the rows that belong to it (`relatedChanged`),
    /// differ; `entry` writes those rows and returns what the change log records, compared
    /// with `before`. Returns false (and writes nothing) when nothing changed.
    @discardableResult
    func update<R: AuditedRecord, Entry: Encodable>(
        _ record: inout R, from old: R, relatedChanged: Bool, loggedFrom before: Entry, as entry: (R) throws -> Entry
    ) throws -> Bool {
        guard record != old || relatedChanged else { return false }
        record.updatedAt = now
        try record.updateChanges(db, from: old)
        try ChangeLog.updated(db, R.self, id: record.id!, from: before, to: try entry(record), by: caller, at: now)
        return true
    }

    /// Deletes a record and records its deletion.
    func delete<R: AuditedRecord>(_ record: R) throws {
        try record.delete(db)
        try ChangeLog.deleted(db, R.self, id: record.id!, record, by: caller, at: now)
    }

    /// Records a change of entity `R` as `entry` shows it (a record with the rows that belong
    /// to it, such as an action's contributors), for writes that span several tables.
    func logCreated<R: LoggedResource>(_ entity: R.Type, id: Int64, _ entry: some Encodable) throws {
        try ChangeLog.created(db, entity, id: id, entry, by: caller, at: now)
    }

    func logUpdated<R: LoggedResource, Entry: Encodable>(
        _ entity: R.Type, id: Int64, from old: Entry, to new: Entry
    ) throws {
        try ChangeLog.updated(db, entity, id: id, from: old, to: new, by: caller, at: now)
    }

    func logDeleted<R: LoggedResource>(_ entity: R.Type, id: Int64, _ entry: some Encodable) throws {
        try ChangeLog.deleted(db, entity, id: id, entry, by: caller, at: now)
    }
}

extension AppDatabase {
    /// Runs `block` in a write transaction as ``AuditedWrite``, stamped at `clock.now`.
    func write<T: Sendable>(
        by caller: Caller, clock: RoadmapClock, _ block: @escaping @Sendable (AuditedWrite) throws -> T
    ) async throws -> T {
        let now = clock.now
        return try await write { db in try block(AuditedWrite(db: db, caller: caller, now: now)) }
    }
}

extension Date {
    /// The timestamps of a record not yet written: ``AuditedWrite/insert(_:)`` stamps it.
    public static let unstamped = Date(timeIntervalSince1970: 0)
}
