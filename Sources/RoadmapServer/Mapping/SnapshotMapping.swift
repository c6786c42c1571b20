import Foundation
import Roadmap
import RoadmapAPI

/// Snapshots, versions and differences carry resources' fields as the change log does: as
/// JSON values of any shape. They reach the contract's types through their JSON, as changes do
/// (``Components/Schemas/Change``).
enum SnapshotJSON {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func instant(_ date: Date) -> JSONValue { .string(date.formatted(.iso8601)) }

    static func entry(_ entry: RoadmapSnapshot.Entry) -> JSONValue {
        .object(["path": .string(entry.path), "id": .integer(entry.id), "fields": .object(entry.fields)])
    }

    /// Every kind the contract lists, empty when the snapshot has none of it.
    static func snapshot(_ snapshot: RoadmapSnapshot) -> JSONValue {
        var resources: [String: JSONValue] = [:]
        for kind in RoadmapSnapshot.kinds {
            resources[kind] = .array((snapshot.resources[kind] ?? []).map(entry))
        }
        return .object(["asOf": instant(snapshot.asOf), "resources": .object(resources)])
    }

    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue) throws -> T {
        try decoder.decode(T.self, from: try JSONEncoder().encode(value))
    }
}

extension Components.Schemas.Snapshot {
    init(_ snapshot: RoadmapSnapshot) throws {
        self = try SnapshotJSON.decode(Self.self, SnapshotJSON.snapshot(snapshot))
    }
}

extension Components.Schemas.Version {
    init(_ version: RoadmapVersion) {
        self.init(
            id: version.id!, label: version.label, asOf: version.asOf, createdBy: version.createdBy,
            createdAt: version.createdAt)
    }
}

extension Components.Schemas.VersionDetail {
    init(_ version: RoadmapVersion) throws {
        self.init(
            value1: .init(version),
            value2: .init(snapshot: try Components.Schemas.Snapshot(try version.snapshot())))
    }
}

extension Components.Schemas.RoadmapDiff {
    init(_ diff: RoadmapDiff) throws {
        func side(_ side: RoadmapDiff.Side) -> JSONValue {
            var fields: [String: JSONValue] = ["asOf": SnapshotJSON.instant(side.asOf)]
            fields["versionId"] = side.versionId.map(JSONValue.integer)
            fields["label"] = side.label.map(JSONValue.string)
            return .object(fields)
        }
        let resources: [JSONValue] = diff.resources.map { resource in
            .object([
                "resource": .string(resource.resource),
                "added": .array(resource.added.map(SnapshotJSON.entry)),
                "removed": .array(resource.removed.map(SnapshotJSON.entry)),
                "changed": .array(
                    resource.changed.map { changed in
                        .object([
                            "path": .string(changed.path), "id": .integer(changed.id),
                            "label": changed.label.map(JSONValue.string) ?? .null,
                            "changes": .object(
                                changed.changes.mapValues { change in
                                    .object(["old": change.old ?? .null, "new": change.new ?? .null])
                                }),
                        ])
                    }),
            ])
        }
        self = try SnapshotJSON.decode(
            Self.self, .object(["from": side(diff.from), "to": side(diff.to), "resources": .array(resources)]))
    }
}
