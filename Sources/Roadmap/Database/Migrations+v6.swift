import Foundation
import GRDB

extension Migrations {
    /// The change log in the API's words (issue 14): rows written before this migration named
    /// entities by their table (`fundingEnvelope`) and fields as stored (`isOptional`,
    /// `titleKey`, the roadmap's `pilotLabel`, its co-signatories as pairs). Each row is
    /// rewritten as ``ChangeLog`` now writes it: the resource's name (`envelopes`), its path,
    /// and its fields named and shaped as in its JSON representation.
    ///
    /// The vocabulary is fixed here, as a migration never changes. Rows are replayed per
    /// resource, oldest first, so that a change of one field of a nested object (the pilot's
    /// label) becomes a change of the whole object, as the API shows it, and so that a
    /// sub-resource's path gets its parent's id from its creation. A membership's role change
    /// did not record which partner it was: its path is the group's member list.
    static func v6ChangesInAPITerms(_ db: Database) throws {
        try db.alter(table: "changeLog") { t in
            t.add(column: "path", .text).notNull().defaults(to: "")
        }
        var states: [String: [String: JSONValue]] = [:]
        let rows = try Row.fetchAll(db, sql: "SELECT id, entityType, entityId, changes FROM changeLog ORDER BY id")
        for row in rows {
            let table: String = row["entityType"]
            let entityId: Int64 = row["entityId"]
            let stored =
                (try? JSONDecoder().decode([String: V6Change].self, from: Data((row["changes"] as String).utf8)))
                ?? [:]
            let key = "\(table)/\(entityId)"
            let before = states[key]
            var after = before ?? [:]
            for (field, change) in stored {
                if let new = change.new, new != .null { after[field] = new } else { after.removeValue(forKey: field) }
            }
            let isCreate = stored.values.allSatisfy { $0.old == nil }
            let isDelete = !stored.isEmpty && stored.values.allSatisfy { $0.new == nil }
            states[key] = isDelete ? nil : after

            let name = v6ResourceNames[table] ?? table
            let changes: [String: V6Change]
            if table == "roadmap" {
                // Whole objects, compared before and after.
                let old = isCreate ? nil : v6Roadmap(before ?? [:])
                let new = isDelete ? nil : v6Roadmap(after)
                changes = V6Change.diff(old, new)
            } else {
                changes = Dictionary(
                    uniqueKeysWithValues: stored.compactMap { field, change in
                        v6InternalFields.contains(field) ? nil : (v6FieldNames[field] ?? field, change)
                    })
            }
            // A membership is logged under its group's id, so replaying would mix the group's
            // members: its path comes from its own row only.
            let fields =
                table == "groupMember"
                ? v6Olds(stored).merging(stored.compactMapValues { $0.new }) { $1 }
                : isDelete ? (before ?? [:]).merging(v6Olds(stored)) { $1 } : after
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try db.execute(
                sql: "UPDATE changeLog SET entityType = ?, path = ?, changes = ? WHERE id = ?",
                arguments: [
                    name, v6Path(table, entityId, fields), String(decoding: try encoder.encode(changes), as: UTF8.self),
                    row["id"] as Int64,
                ])
        }
    }

    private static let v6ResourceNames = [
        "roadmap": "roadmap", "axis": "axes", "action": "actions", "actionIndicator": "indicators",
        "partner": "partners", "workingGroup": "groups", "groupMember": "members", "groupMeeting": "meetings",
        "fundingEnvelope": "envelopes", "fundingAllocation": "allocations", "financingLine": "lines",
        "apiToken": "tokens",
    ]
    private static let v6FieldNames = ["isOptional": "optional"]
    private static let v6InternalFields: Set<String> = ["titleKey", "nameKey", "startsAtUtc", "endsAtUtc"]

    private static func v6Olds(_ changes: [String: V6Change]) -> [String: JSONValue] {
        changes.compactMapValues { $0.old }
    }

    private static func v6Path(_ table: String, _ id: Int64, _ fields: [String: JSONValue]) -> String {
        func parent(_ field: String) -> Int64? {
            if case .integer(let value)? = fields[field] { return value }
            return nil
        }
        switch table {
        case "roadmap": return "/roadmap"
        case "axis": return "/axes/\(id)"
        case "action": return "/actions/\(id)"
        case "actionIndicator":
            return parent("actionId").map { "/actions/\($0)/indicators/\(id)" } ?? "/indicators/\(id)"
        case "partner": return "/partners/\(id)"
        case "workingGroup": return "/groups/\(id)"
        case "groupMember": return parent("partnerId").map { "/groups/\(id)/members/\($0)" } ?? "/groups/\(id)/members"
        case "groupMeeting": return parent("groupId").map { "/groups/\($0)/meetings/\(id)" } ?? "/meetings/\(id)"
        case "fundingEnvelope": return "/funding/envelopes/\(id)"
        case "fundingAllocation":
            return parent("envelopeId").map { "/funding/envelopes/\($0)/allocations/\(id)" }
                ?? "/funding/allocations/\(id)"
        case "financingLine": return "/funding/lines/\(id)"
        case "apiToken": return "/tokens/\(id)"
        default: return "/\(table)/\(id)"
        }
    }

    /// The roadmap's stored fields (flat, lists as pairs) shaped as the API shows them.
    private static func v6Roadmap(_ stored: [String: JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for field in ["title", "nationalPlan", "signedOn", "signingPlace", "objective", "sourceUrl", "timeline"] {
            result[field] = stored[field]
        }
        func object(_ pairs: [(String, String)]) -> JSONValue? {
            let fields = pairs.compactMap { name, field in stored[field].map { (name, $0) } }
            return fields.isEmpty ? nil : .object(Dictionary(uniqueKeysWithValues: fields))
        }
        result["territory"] = object([("name", "territoryName"), ("code", "territoryCode")])
        result["pilot"] = object([
            ("label", "pilotLabel"), ("representedBy", "pilotRepresentedBy"), ("partnerId", "pilotPartnerId"),
        ])
        func named(_ field: String, _ textName: String) -> JSONValue? {
            guard case .array(let pairs)? = stored[field] else { return nil }
            return .array(
                pairs.map { pair in
                    guard case .array(let parts) = pair, parts.count == 2, case .string(let text) = parts[0] else {
                        return pair
                    }
                    var entry: [String: JSONValue] = [textName: .string(text)]
                    if case .string(let id) = parts[1], let partnerId = Int64(id) {
                        entry["partnerId"] = .integer(partnerId)
                    }
                    return .object(entry)
                })
        }
        result["coSignatories"] = named("coSignatories", "title")
        result["supporters"] = named("supporters", "label")
        return result
    }
}

/// A field's change as rows store it (the shape of ``FieldChange``, fixed for this migration).
private struct V6Change: Codable, Equatable {
    var old: JSONValue?
    var new: JSONValue?

    init(old: JSONValue?, new: JSONValue?) {
        self.old = old
        self.new = new
    }

    /// `"old": null` (the field was empty) is not an absent `old` (there was no record).
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        old = container.contains(.old) ? try container.decode(JSONValue.self, forKey: .old) : nil
        new = container.contains(.new) ? try container.decode(JSONValue.self, forKey: .new) : nil
    }

    static func diff(_ before: [String: JSONValue]?, _ after: [String: JSONValue]?) -> [String: V6Change] {
        var changes: [String: V6Change] = [:]
        for key in Set((before ?? [:]).keys).union((after ?? [:]).keys) where before?[key] != after?[key] {
            changes[key] = V6Change(
                old: before == nil ? nil : (before?[key] ?? .null), new: after == nil ? nil : (after?[key] ?? .null))
        }
        return changes
    }
}
