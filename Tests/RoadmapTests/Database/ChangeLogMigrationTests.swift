import Foundation
import GRDB
import Testing

@testable import Roadmap

/// Migration v6: change rows written in storage terms before it read in the API's terms after.
@Suite("Change log migration (v6)")
struct ChangeLogMigrationTests {
    /// Rows as the log wrote them before v6 (storage names, the roadmap flat, pairs for lists).
    static let oldRows: [(entity: String, id: Int64, operation: String, changes: String)] = [
        (
            "axis", 1, "create",
            #"{"id":{"new":1},"isOptional":{"new":false},"number":{"new":1},"title":{"new":"former"}}"#
        ),
        ("axis", 1, "update", #"{"description":{"new":"d","old":null},"isOptional":{"new":true,"old":false}}"#),
        (
            "action", 4, "create",
            #"{"axisId":{"new":1},"id":{"new":4},"title":{"new":"Former"},"titleKey":{"new":"former"}}"#
        ),
        ("actionIndicator", 2, "create", #"{"actionId":{"new":4},"id":{"new":2},"name":{"new":"formés"}}"#),
        ("actionIndicator", 2, "update", #"{"currentValue":{"new":5,"old":0}}"#),
        ("groupMember", 3, "create", #"{"partnerId":{"new":7},"role":{"new":"member"}}"#),
        ("groupMember", 3, "update", #"{"role":{"new":"lead","old":"member"}}"#),
        ("fundingEnvelope", 5, "delete", #"{"amountCents":{"old":100},"funderId":{"old":1},"id":{"old":5}}"#),
        (
            "roadmap", 1, "create",
            #"{"coSignatories":{"new":[["préfet du Gers","1"],["président","2"]]},"id":{"new":1},"pilotLabel":{"new":"État"},"pilotPartnerId":{"new":1},"territoryCode":{"new":"32"},"territoryName":{"new":"Gers"},"title":{"new":"Feuille de route"}}"#
        ),
        ("roadmap", 1, "update", #"{"pilotRepresentedBy":{"new":"préfet","old":null}}"#),
        ("apiToken", 9, "create", #"{"name":{"new":"script"},"role":{"new":"editor"}}"#),
    ]

    @Test("entity names, paths and field names become the API's; nested objects change whole")
    func oldRowsInAPITerms() throws {
        // setup: a database at v5 holding rows in the old terms
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v5-visible-keys")
        try queue.write { db in
            for row in Self.oldRows {
                try db.execute(
                    sql: """
                        INSERT INTO changeLog(occurredAt, actor, operation, entityType, entityId, changes)
                        VALUES ('2025-03-01 10:00:00.000', 'seed', ?, ?, ?, ?)
                        """, arguments: [row.operation, row.entity, row.id, row.changes])
            }
        }
        // MUT
        try Migrations.migrator.migrate(queue)
        // validate
        let rows = try queue.read { db in try ChangeRecord.order(ChangeRecord.Columns.id).fetchAll(db) }
        #expect(
            rows.map(\.entityType) == [
                "axes", "axes", "actions", "indicators", "indicators", "members", "members", "envelopes", "roadmap",
                "roadmap", "tokens",
            ])
        #expect(
            rows.map(\.path) == [
                "/axes/1", "/axes/1", "/actions/4", "/actions/4/indicators/2", "/actions/4/indicators/2",
                "/groups/3/members/7", "/groups/3/members", "/funding/envelopes/5", "/roadmap", "/roadmap",
                "/tokens/9",
            ])
        #expect(rows[0].changedFields["optional"] == FieldChange(old: nil, new: .bool(false)))
        #expect(rows[0].changedFields["isOptional"] == nil)
        #expect(rows[1].changedFields["optional"] == FieldChange(old: .bool(false), new: .bool(true)))
        #expect(rows[1].changes.contains(#""old":null"#), "an empty old value stays null, not absent")
        #expect(Set(rows[2].changedFields.keys) == ["axisId", "id", "title"])
        #expect(rows[3].changedFields["actionId"]?.new == .integer(4))
        let created = rows[8].changedFields
        #expect(Set(created.keys) == ["coSignatories", "pilot", "territory", "title"])
        #expect(
            created["coSignatories"]?.new
                == .array([
                    .object(["title": .string("préfet du Gers"), "partnerId": .integer(1)]),
                    .object(["title": .string("président"), "partnerId": .integer(2)]),
                ]))
        #expect(created["territory"]?.new == .object(["name": .string("Gers"), "code": .string("32")]))
        #expect(
            rows[9].changedFields["pilot"]
                == FieldChange(
                    old: .object(["label": .string("État"), "partnerId": .integer(1)]),
                    new: .object([
                        "label": .string("État"), "partnerId": .integer(1), "representedBy": .string("préfet"),
                    ])))
        #expect(Set(rows[9].changedFields.keys) == ["pilot"])
    }
}
