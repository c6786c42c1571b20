import Foundation
import GRDB

/// One row of the audit trail and of the change feed: what changed, when, by whom.
/// Written by the services in the same transaction as the change itself, so that a change
/// without its row (or the reverse) cannot exist; its autoincremented id gives commit order,
/// because the one database writer serialises transactions.
public struct ChangeRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "changeLog"

    public enum Operation: String, Codable, Sendable, CaseIterable {
        case create, update, delete
    }

    public var id: Int64?
    public var occurredAt: Date
    public var actor: String
    public var requestId: String?
    public var operation: Operation
    /// The resource's name in the API (``LoggedResource/resourceName``: `axes`, `envelopes`).
    public var entityType: String
    public var entityId: Int64
    /// Where the resource lives in the API (`/actions/4/indicators/2`), to re-read it.
    public var path: String
    /// JSON object: field → `{"old": …, "new": …}` (only `new` on create, only `old` on delete).
    public var changes: String

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let occurredAt = Column(CodingKeys.occurredAt)
        static let actor = Column(CodingKeys.actor)
        static let entityType = Column(CodingKeys.entityType)
        static let entityId = Column(CodingKeys.entityId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The changed fields, decoded.
    public var changedFields: [String: FieldChange] {
        (try? JSONDecoder().decode([String: FieldChange].self, from: Data(changes.utf8))) ?? [:]
    }
}

/// The old and new value of one field.
public struct FieldChange: Codable, Equatable, Sendable {
    public var old: JSONValue?
    public var new: JSONValue?
}

/// Writes change rows. Services call it inside their write transaction.
enum ChangeLog {
    /// Fields never reported in a change: bookkeeping that changes on every write (the
    /// change's `occurredAt` is the resource's `updatedAt`).
    static let bookkeeping: Set<String> = ["updatedAt", "createdAt"]

    /// The change log's JSON: keys sorted, so that equal changes are equal texts.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// Records that resource `R` `id` was created, updated or deleted, with the fields that
    /// differ between `old` and `new`, in API terms (``LoggedResource``). An update that
    /// changes nothing is not recorded.
    static func record<R: LoggedResource>(
        _ db: Database,
        _ operation: ChangeRecord.Operation,
        _ entity: R.Type,
        id: Int64,
        old: (some Encodable)?,
        new: (some Encodable)?,
        by caller: Caller,
        at instant: Date
    ) throws {
        let before = try old.map { R.apiFields(try JSONValue.fields(of: $0)) }
        let after = try new.map { R.apiFields(try JSONValue.fields(of: $0)) }
        let changes = FieldChange.diff(before, after)
        if operation == .update && changes.isEmpty { return }
        var row = ChangeRecord(
            id: nil, occurredAt: instant, actor: caller.name, requestId: caller.requestId,
            operation: operation, entityType: R.resourceName, entityId: id,
            path: R.path(id: id, fields: after ?? before ?? [:]),
            changes: String(decoding: try encoder.encode(changes), as: UTF8.self))
        try row.insert(db)
    }
}

extension FieldChange {
    /// The fields that differ between two versions of a resource: only `new` when there was
    /// none before (a creation), only `old` when there is none after (a deletion).
    static func diff(_ before: [String: JSONValue]?, _ after: [String: JSONValue]?) -> [String: FieldChange] {
        var changes: [String: FieldChange] = [:]
        for key in Set((before ?? [:]).keys).union((after ?? [:]).keys) {
            let oldValue = before?[key]
            let newValue = after?[key]
            if oldValue != newValue {
                changes[key] = FieldChange(
                    old: before == nil ? nil : (oldValue ?? .null), new: after == nil ? nil : (newValue ?? .null))
            }
        }
        return changes
    }
}

extension ChangeLog {
    static func created<R: LoggedResource, T: Encodable>(
        _ db: Database, _ entity: R.Type, id: Int64, _ value: T, by caller: Caller, at instant: Date
    ) throws {
        try record(db, .create, R.self, id: id, old: T?.none, new: value, by: caller, at: instant)
    }

    static func updated<R: LoggedResource, T: Encodable>(
        _ db: Database, _ entity: R.Type, id: Int64, from old: T, to new: T, by caller: Caller, at instant: Date
    ) throws {
        try record(db, .update, R.self, id: id, old: old, new: new, by: caller, at: instant)
    }

    static func deleted<R: LoggedResource, T: Encodable>(
        _ db: Database, _ entity: R.Type, id: Int64, _ value: T, by caller: Caller, at instant: Date
    ) throws {
        try record(db, .delete, R.self, id: id, old: value, new: T?.none, by: caller, at: instant)
    }
}

extension AppDatabase {
    /// The most recent change row (for tests and diagnostics).
    public func latestChange() async throws -> ChangeRecord? {
        try await read { db in try ChangeRecord.order(ChangeRecord.Columns.id.desc).fetchOne(db) }
    }
}
