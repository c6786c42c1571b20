import Foundation
import GRDB

extension Migrations {
    /// The governance (issue 16): committees with their members and meetings, the decisions
    /// of those meetings and what they concern, and each partner's membership of the
    /// governance over time. A database that received the Gers seed gets the eight members'
    /// history the source document gives (see ``GersSeed/membership``), logged as the seed's
    /// so that snapshots and the change feed show it like any other seeded fact.
    static func v10Governance(_ db: Database) throws {
        try db.create(table: "committee") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("type", .text).notNull().check(sql: "type IN ('steering','technical','advisory','other')")
            t.column("name", .text).notNull()
            t.column("nameKey", .text).notNull().unique()
            t.column("frequency", .text).notNull()
                .check(sql: "frequency IN ('monthly','quarterly','half_yearly','yearly','other')")
            t.column("description", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "committeeMember") { t in
            t.column("committeeId", .integer).notNull().references("committee", onDelete: .cascade)
            t.column("partnerId", .integer).notNull().indexed().references("partner", onDelete: .restrict)
            t.primaryKey(["committeeId", "partnerId"])
        }
        try db.create(table: "committeeMeeting") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("committeeId", .integer).notNull().references("committee", onDelete: .restrict)
            t.column("startsAt", .text).notNull()
            t.column("endsAt", .text).notNull()
            t.column("startsAtUtc", .datetime).notNull()
            t.column("endsAtUtc", .datetime).notNull()
            t.check(sql: "endsAtUtc > startsAtUtc")
            t.column("place", .text)
            t.column("agenda", .text)
            t.column("minutes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(
            index: "committeeMeeting_on_committee_start", on: "committeeMeeting",
            columns: ["committeeId", "startsAtUtc"])
        try db.create(table: "meetingDecision") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("meetingId", .integer).notNull().indexed().references("committeeMeeting", onDelete: .restrict)
            t.column("text", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "decisionAction") { t in
            t.column("decisionId", .integer).notNull().references("meetingDecision", onDelete: .cascade)
            t.column("actionId", .integer).notNull().indexed().references("action", onDelete: .restrict)
            t.primaryKey(["decisionId", "actionId"])
        }
        try db.create(table: "decisionGrant") { t in
            t.column("decisionId", .integer).notNull().references("meetingDecision", onDelete: .cascade)
            t.column("grantId", .integer).notNull().indexed().references("grantRequest", onDelete: .restrict)
            t.primaryKey(["decisionId", "grantId"])
        }
        try db.create(table: "membershipStep") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("partnerId", .integer).notNull().references("partner", onDelete: .restrict)
            t.column("status", .text).notNull().check(sql: "status IN ('candidate','member','withdrawn')")
            // ISO 8601 at the precision the source gives (`2025-01-24`, `2023-23`: autumn 2023),
            // and the period's first day, which orders the steps and answers `?on=`.
            t.column("since", .text).notNull()
            t.column("sinceStart", .text).notNull()
            t.column("note", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(
            index: "membershipStep_on_partner_since", on: "membershipStep", columns: ["partnerId", "sinceStart", "id"])

        // A database seeded before this migration gets the seed's membership history.
        if try Seeder.seedMark(db) == .gers {
            try Seeder.writeMembership(db, at: Date())
        }
    }
}
