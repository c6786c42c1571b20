import Foundation
import GRDB

/// The roadmap at any instant (``RoadmapSnapshot``), named versions of it, and the difference
/// between two of them. An `asOf` is a day (`2025-01-24`: the end of that day, Paris time) or
/// an ISO 8601 instant with its offset; absent, it is now.
public struct SnapshotService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// The roadmap as it stood at `asOf` (400 naming `field` for a text that is neither a day
    /// nor an instant, or a moment after now).
    public func snapshot(asOf: String?, field: String = "asOf") async throws -> RoadmapSnapshot {
        let instant = try instant(asOf, field: field)
        return try await database.read { db in try RoadmapSnapshot.build(db, asOf: instant) }
    }

    /// Freezes the roadmap at `asOf` (now when absent) under `label` (409 when a version has
    /// that label, ignoring case and accents).
    public func createVersion(label: String, asOf: String?, by caller: Caller) async throws -> RoadmapVersion {
        var faults = Validator()
        faults.line(label, "label")
        try faults.finish()
        let instant = try instant(asOf, field: "asOf")
        let now = clock.now
        return try await database.write { db in
            let key = TextKey.fold(label)
            if let existing = try RoadmapVersion.filter(RoadmapVersion.Columns.labelKey == key).fetchOne(db) {
                throw RoadmapError.conflict(
                    detail:
                        "A version is already named « \(existing.label) » (version \(existing.id!)); choose another label.",
                    references: [
                        Reference(entity: RoadmapVersion.databaseTableName, id: existing.id!, label: existing.label)
                    ])
            }
            let snapshot = try RoadmapSnapshot.build(db, asOf: instant)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var version = RoadmapVersion(
                id: nil, label: label, labelKey: key, asOf: instant, createdBy: caller.name, createdAt: now,
                resources: String(decoding: try encoder.encode(snapshot.resources), as: UTF8.self))
            try version.insert(db)
            return version
        }
    }

    /// Every version, oldest first.
    public func versions() async throws -> [RoadmapVersion] {
        try await database.read { db in try RoadmapVersion.order(RoadmapVersion.Columns.id).fetchAll(db) }
    }

    /// One version.
    public func version(id: Int64) async throws -> RoadmapVersion {
        try await database.read { db in try SnapshotService.version(db, id: id) }
    }

    /// One side of a comparison: a version (`versionId`), else the roadmap at `asOf`.
    public enum Side: Sendable, Equatable {
        case version(Int64)
        case asOf(String?)
    }

    /// What changed from `from` or `fromVersion` (one of them: 400 naming `from` otherwise) to
    /// `to` or `toVersion` (now when neither; 400 naming `to` for both).
    public func diff(from: String?, fromVersion: Int64?, to: String?, toVersion: Int64?) async throws -> RoadmapDiff {
        let start: Side
        switch (from, fromVersion) {
        case (let text?, nil): start = .asOf(text)
        case (nil, let id?): start = .version(id)
        case (nil, nil):
            throw RoadmapError.invalid("from", "give the earlier state: from (a day or an instant) or fromVersion")
        case (.some, .some): throw RoadmapError.invalid("from", "give from or fromVersion, not both")
        }
        if to != nil && toVersion != nil { throw RoadmapError.invalid("to", "give to or toVersion, not both") }
        return try await diff(from: start, to: toVersion.map(Side.version) ?? .asOf(to))
    }

    /// What changed from one side to the other.
    public func diff(from: Side, to: Side) async throws -> RoadmapDiff {
        let (fromInstant, toInstant) = (try instant(from, field: "from"), try instant(to, field: "to"))
        return try await database.read { db in
            let (before, beforeSide) = try SnapshotService.resolve(db, from, fromInstant)
            let (after, afterSide) = try SnapshotService.resolve(db, to, toInstant)
            return RoadmapDiff.between(before, after, from: beforeSide, to: afterSide)
        }
    }

    // MARK: Helpers

    private func instant(_ side: Side, field: String) throws -> Date? {
        guard case .asOf(let text) = side else { return nil }
        return try instant(text, field: field)
    }

    /// The instant an `asOf` names: the end of a day (Paris), or an instant; now when absent.
    func instant(_ text: String?, field: String) throws -> Date {
        let now = clock.now
        guard let text else { return now }
        let instant: Date
        if let day = CalendarDate(text) {
            // The last millisecond of the day (instants are stored to the millisecond).
            instant = day.next.start(in: clock.timeZone).addingTimeInterval(-0.001)
        } else if let parsed = Instants.parse(text) {
            instant = parsed
        } else {
            throw RoadmapError.invalid(field, "must be a day YYYY-MM-DD or an ISO 8601 instant with its offset")
        }
        // The end of today is now: the rest of the day has not happened.
        if instant > now {
            guard CalendarDate(text) == clock.today else {
                throw RoadmapError.invalid(field, "must not be after now")
            }
            return now
        }
        return instant
    }

    static func version(_ db: Database, id: Int64) throws -> RoadmapVersion {
        guard let version = try RoadmapVersion.fetchOne(db, key: id) else {
            throw RoadmapError.notFound(RoadmapVersion.self, id: id)
        }
        return version
    }

    private static func resolve(
        _ db: Database, _ side: Side, _ instant: Date?
    ) throws -> (RoadmapSnapshot, RoadmapDiff.Side) {
        switch side {
        case .version(let id):
            let version = try version(db, id: id)
            return (try version.snapshot(), .init(asOf: version.asOf, versionId: id, label: version.label))
        case .asOf:
            let instant = instant!
            return (try RoadmapSnapshot.build(db, asOf: instant), .init(asOf: instant, versionId: nil, label: nil))
        }
    }
}
