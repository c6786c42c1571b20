import Foundation
import GRDB

/// A named version of the roadmap: its snapshot at an instant, frozen under a label
/// (« version signée du 24 janvier 2025 »). Versions are not changed once made.
public struct RoadmapVersion: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "roadmapVersion"

    public var id: Int64?
    public var label: String
    /// The label folded (case, accents, spaces): two versions never share it.
    var labelKey: String
    public var asOf: Date
    /// The name of the token (or `cli`) that froze it.
    public var createdBy: String
    public var createdAt: Date
    /// The snapshot's resources, as JSON.
    var resources: String

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let labelKey = Column(CodingKeys.labelKey)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The frozen snapshot.
    public func snapshot() throws -> RoadmapSnapshot {
        let decoded = try JSONDecoder().decode(
            [String: [RoadmapSnapshot.Entry]].self, from: Data(resources.utf8))
        return RoadmapSnapshot(asOf: asOf, resources: decoded)
    }
}

/// What changed between two snapshots of the roadmap, resource by resource.
public struct RoadmapDiff: Sendable, Equatable {
    /// One side of the comparison: a named version, or the roadmap at an instant.
    public struct Side: Sendable, Equatable {
        public var asOf: Date
        public var versionId: Int64?
        public var label: String?

        init(asOf: Date, versionId: Int64? = nil, label: String? = nil) {
            self.asOf = asOf
            self.versionId = versionId
            self.label = label
        }
    }

    /// A resource present on both sides whose fields differ.
    public struct Changed: Sendable, Equatable {
        public var path: String
        public var id: Int64
        /// What names it in the later state (its title, name or label), when it has one.
        public var label: String?
        /// Field → its value on each side (null when absent on that side).
        public var changes: [String: FieldChange]
    }

    /// The differences for one kind of resource (only kinds with differences are listed).
    public struct Resource: Sendable, Equatable {
        public var resource: String
        public var added: [RoadmapSnapshot.Entry]
        public var removed: [RoadmapSnapshot.Entry]
        public var changed: [Changed]
    }

    public var from: Side
    public var to: Side
    public var resources: [Resource]

    /// The differences from `before` to `after`, kinds in the change log's order.
    static func between(_ before: RoadmapSnapshot, _ after: RoadmapSnapshot, from: Side, to: Side) -> RoadmapDiff {
        var resources: [Resource] = []
        for kind in RoadmapSnapshot.kinds {
            let old = Dictionary(uniqueKeysWithValues: (before.resources[kind] ?? []).map { ($0.path, $0) })
            let new = Dictionary(uniqueKeysWithValues: (after.resources[kind] ?? []).map { ($0.path, $0) })
            let added = (after.resources[kind] ?? []).filter { old[$0.path] == nil }
            let removed = (before.resources[kind] ?? []).filter { new[$0.path] == nil }
            let changed = (after.resources[kind] ?? []).compactMap { entry -> Changed? in
                guard let previous = old[entry.path] else { return nil }
                let changes = FieldChange.diff(previous.fields, entry.fields)
                return changes.isEmpty
                    ? nil : Changed(path: entry.path, id: entry.id, label: entry.label, changes: changes)
            }
            if !added.isEmpty || !removed.isEmpty || !changed.isEmpty {
                resources.append(Resource(resource: kind, added: added, removed: removed, changed: changed))
            }
        }
        return RoadmapDiff(from: from, to: to, resources: resources)
    }
}
