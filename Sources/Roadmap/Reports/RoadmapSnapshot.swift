import Foundation
import GRDB

/// The roadmap as it stood at an instant, rebuilt from the change log: every resource that
/// existed then (roadmap record, axes, actions, indicators and their measurements, partners,
/// groups, members, meetings, envelopes, allocations, co-financing lines, grants, payments)
/// with its stored fields as the API named and shaped them then (see ``LoggedResource``).
///
/// The change log records every write since the database was created, the seed's included,
/// in the API's terms and in commit order; replaying its entries up to the instant gives the
/// state at that instant, whatever was changed or deleted since. The seed is the roadmap as
/// signed: its entries count from the signature day (see ``seedInForce``). Derived read-only fields are
/// not stored and so not replayed (summaries, remaining amounts, names, `late`,
/// `allowedTransitions`), except an action's progress, which is recomputed from its status
/// and its indicators then, as the live API computes it.
public struct RoadmapSnapshot: Sendable, Equatable {
    /// The instant the snapshot stands at: changes committed at or before it are in.
    public var asOf: Date
    /// Resource name (`actions`) → its resources then, by id (then path).
    public var resources: [String: [Entry]]

    /// One resource at the snapshot's instant.
    public struct Entry: Sendable, Equatable, Codable {
        /// Where it lives in the API (`/actions/4/indicators/2`).
        public var path: String
        public var id: Int64
        /// Its stored fields in API terms; a field without a value is absent.
        public var fields: [String: JSONValue]

        /// What names it: its title, name or label, when it has one.
        public var label: String? {
            for field in ["title", "name", "label"] {
                if case .string(let text)? = fields[field] { return text }
            }
            return nil
        }
    }

    /// The resources the snapshot holds: not API tokens (access data), contacts (personal
    /// data, which a public snapshot must not show and an erasure must be able to remove), nor
    /// documents (files about the roadmap, some restricted; `/documents` keeps their versions).
    static let notRoadmapData: Set<String> = [
        ApiToken.resourceName, Contact.resourceName, Document.resourceName,
    ]

    static func isRoadmapData(_ resource: String) -> Bool { !notRoadmapData.contains(resource) }

    /// Every kind of resource a snapshot holds, in the change log's order.
    public static var kinds: [String] { LoggedResources.all.map { $0.resourceName }.filter(isRoadmapData) }

    /// When the seed's records are in force: the seed is the roadmap as signed, so whenever a
    /// database was created, its entries count from the start of the signature day (24 January
    /// 2025, Paris), not from the first start of the server that wrote them.
    static let seedInForce = GersSeed.signedOn.start(in: RoadmapClock.paris)

    /// Replays the change log of `db` up to `instant` (inclusive).
    static func build(_ db: Database, asOf instant: Date) throws -> RoadmapSnapshot {
        var state: [String: [String: Entry]] = [:]
        let inForce =
            instant > seedInForce
            ? ChangeRecord.Columns.occurredAt <= instant || ChangeRecord.Columns.actor == Caller.seed.name
            : ChangeRecord.Columns.occurredAt <= instant && ChangeRecord.Columns.actor != Caller.seed.name
        let records = try ChangeRecord.filter(inForce)
            .filter(!notRoadmapData.contains(ChangeRecord.Columns.entityType))
            .order(ChangeRecord.Columns.id).fetchCursor(db)
        while let record = try records.next() {
            let changes = record.changedFields
            switch record.operation {
            case .create:
                state[record.entityType, default: [:]][record.path] = Entry(
                    path: record.path, id: record.entityId, fields: changes.compactMapValues(\.new))
            case .update:
                var entry =
                    state[record.entityType]?[record.path]
                    ?? Entry(path: record.path, id: record.entityId, fields: [:])
                for (field, change) in changes {
                    if let value = change.new, value != .null {
                        entry.fields[field] = value
                    } else {
                        entry.fields[field] = nil
                    }
                }
                state[record.entityType, default: [:]][record.path] = entry
            case .delete:
                state[record.entityType]?[record.path] = nil
            }
        }
        var resources = state.mapValues { entries in
            entries.values.sorted { ($0.id, $0.path) < ($1.id, $1.path) }
        }
        recomputeProgress(&resources)
        return RoadmapSnapshot(asOf: instant, resources: resources)
    }

    /// An action's stored progress follows its indicators and status without a change of its
    /// own (see ``ActionService/refreshProgress(_:actionId:)``): computed here as then.
    private static func recomputeProgress(_ resources: inout [String: [Entry]]) {
        guard var actions = resources[Action.resourceName] else { return }
        let indicators = Dictionary(
            grouping: (resources[ActionIndicator.resourceName] ?? []).compactMap { entry -> ActionIndicator? in
                guard case .integer(let actionId)? = entry.fields["actionId"],
                    case .integer(let target)? = entry.fields["targetValue"]
                else { return nil }
                var baseline: Int64?
                if case .integer(let value)? = entry.fields["baselineValue"] { baseline = value }
                var current: Int64 = 0
                if case .integer(let value)? = entry.fields["currentValue"] { current = value }
                return ActionIndicator(
                    actionId: actionId, name: "", unit: "", targetValue: target, currentValue: current,
                    baselineValue: baseline)
            }, by: \.actionId)
        for index in actions.indices {
            guard case .string(let raw)? = actions[index].fields["status"], let status = ActionStatus(rawValue: raw)
            else { continue }
            actions[index].fields["progressBasisPoints"] = .integer(
                Int64(ActionProgress.basisPoints(status: status, indicators: indicators[actions[index].id] ?? [])))
        }
        resources[Action.resourceName] = actions
    }
}
