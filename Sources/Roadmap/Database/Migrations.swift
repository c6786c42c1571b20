import GRDB

/// The database schema, as numbered migrations.
///
/// Rules (GRDB's own advice): a migration that has landed on main is never edited again;
/// a change of schema is a new migration appended at the end. Migrations use raw table and
/// column names, never the app's record types, so that they keep meaning the same thing
/// when the code changes.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-schema", migrate: v1Schema)
        // Later migrations are appended below, in landing order.
        migrator.registerMigration("v2-access", migrate: v2Access)
        migrator.registerMigration("v3-action-lists", migrate: v3ActionLists)
        migrator.registerMigration("v4-idempotency-commit", migrate: v4IdempotencyCommit)
        migrator.registerMigration("v5-visible-keys", migrate: v5VisibleKeys)
        migrator.registerMigration("v6-changes-in-api-terms", migrate: v6ChangesInAPITerms)
        migrator.registerMigration("v7-grants", migrate: v7Grants)
        migrator.registerMigration("v8-indicator-measurements", migrate: v8IndicatorMeasurements)
        migrator.registerMigration("v9-roadmap-versions", migrate: v9RoadmapVersions)
        migrator.registerMigration("v10-governance", migrate: v10Governance)
        migrator.registerMigration("v11-contacts", migrate: v11Contacts)
        migrator.registerMigration("v12-documents", migrate: v12Documents)
        return migrator
    }

    /// The schema of all five modules (axes, actions, partners, funding, groups), the roadmap
    /// record and the change log. Every foreign key restricts deletion unless the child is
    /// owned by its parent (roles of a partner, indicators of an action): nothing a user
    /// entered is ever cascaded away silently.
    private static func v1Schema(_ db: Database) throws {
        // Bookkeeping: which seed this database received, if any.
        try db.create(table: "appMeta") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }

        // MARK: Partners
        try db.create(table: "partner") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("nameKey", .text).notNull().unique()
            t.column("kind", .text).notNull()
                .check(
                    sql:
                        "kind IN ('state_service','departement','epci','commune','association','gip','company','network','other')"
                )
            t.column("siret", .text).unique()
                .check(sql: "siret IS NULL OR (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*')")
            t.column("website", .text)
            t.column("email", .text)
            t.column("notes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "partnerRole") { t in
            t.column("partnerId", .integer).notNull().references("partner", onDelete: .cascade)
            t.column("role", .text).notNull()
                .check(
                    sql:
                        "role IN ('signatory','pilot','governance_member','funder','consultant','coordinator','working_group_member')"
                )
            t.primaryKey(["partnerId", "role"])
        }
        try db.create(index: "partnerRole_on_role", on: "partnerRole", columns: ["role", "partnerId"])

        // MARK: Roadmap record (one row) and its lists
        try db.create(table: "roadmap") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("title", .text).notNull()
            t.column("nationalPlan", .text).notNull()
            t.column("territoryName", .text).notNull()
            t.column("territoryCode", .text).notNull()
            t.column("signedOn", .text).notNull()
            t.column("signingPlace", .text).notNull()
            t.column("pilotLabel", .text).notNull()
            t.column("pilotRepresentedBy", .text)
            t.column("pilotPartnerId", .integer).references("partner", onDelete: .restrict)
            t.column("objective", .text)
            t.column("sourceUrl", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "roadmapSignatory") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("position", .integer).notNull().unique()
            t.column("title", .text).notNull()
            t.column("partnerId", .integer).indexed().references("partner", onDelete: .restrict)
        }
        try db.create(table: "roadmapSupporter") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("position", .integer).notNull().unique()
            t.column("label", .text).notNull()
            t.column("partnerId", .integer).indexed().references("partner", onDelete: .restrict)
        }
        try db.create(table: "roadmapMilestone") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("position", .integer).notNull().unique()
            t.column("label", .text).notNull()
            t.column("period", .text).notNull()
            t.column("periodLabel", .text)
            t.column("description", .text)
            t.column("participantsApprox", .integer).check { $0 == nil || $0 >= 0 }
        }

        // MARK: Axes
        try db.create(table: "axis") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("number", .integer).notNull().unique().check { $0 >= 1 }
            t.column("title", .text).notNull()
            t.column("description", .text)
            t.column("isOptional", .boolean).notNull().defaults(to: false)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }

        // MARK: Working groups
        try db.create(table: "workingGroup") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("axisId", .integer).notNull().indexed().references("axis", onDelete: .restrict)
            t.column("name", .text).notNull()
            t.column("nameKey", .text).notNull().unique()
            t.column("description", .text)
            t.column("archivedAt", .datetime)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "groupMember") { t in
            t.column("groupId", .integer).notNull().references("workingGroup", onDelete: .restrict)
            t.column("partnerId", .integer).notNull().indexed().references("partner", onDelete: .restrict)
            t.column("role", .text).notNull().check(sql: "role IN ('lead','member')")
            t.column("joinedAt", .datetime).notNull()
            t.primaryKey(["groupId", "partnerId"])
        }
        // At most one lead per group, enforced by the database itself.
        try db.execute(sql: "CREATE UNIQUE INDEX groupMember_one_lead ON groupMember(groupId) WHERE role = 'lead'")
        try db.create(table: "groupMeeting") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("groupId", .integer).notNull().references("workingGroup", onDelete: .restrict)
            // As sent (ISO 8601 with its offset), and in UTC for ordering.
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
        try db.create(index: "groupMeeting_on_group_start", on: "groupMeeting", columns: ["groupId", "startsAtUtc"])

        // MARK: Actions
        try db.create(table: "action") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("axisId", .integer).notNull().references("axis", onDelete: .restrict)
            t.column("groupId", .integer).references("workingGroup", onDelete: .restrict)
            t.column("leadPartnerId", .integer).references("partner", onDelete: .restrict)
            t.column("title", .text).notNull()
            t.column("description", .text)
            t.column("status", .text).notNull().defaults(to: "draft")
                .check(sql: "status IN ('draft','planned','in_progress','done','abandoned')")
            t.column("startOn", .text)
            t.column("endOn", .text)
            t.check(sql: "startOn IS NULL OR endOn IS NULL OR endOn >= startOn")
            t.column("budgetCents", .integer).check { $0 == nil || $0 >= 0 }
            t.column("targetAudience", .text)
            t.column("notes", .text)
            // Progress in basis points (0–10000), kept by the service in the same transaction
            // as the indicators it derives from, so that lists can sort and filter on it.
            t.column("progressBasisPoints", .integer).notNull().defaults(to: 0)
                .check(sql: "progressBasisPoints BETWEEN 0 AND 10000")
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(index: "action_on_axis", on: "action", columns: ["axisId", "id"])
        try db.create(index: "action_on_group", on: "action", columns: ["groupId", "id"])
        try db.create(index: "action_on_lead", on: "action", columns: ["leadPartnerId", "id"])
        try db.create(index: "action_on_status", on: "action", columns: ["status", "id"])
        try db.create(table: "actionPartner") { t in
            t.column("actionId", .integer).notNull().references("action", onDelete: .cascade)
            t.column("partnerId", .integer).notNull().references("partner", onDelete: .restrict)
            t.primaryKey(["actionId", "partnerId"])
        }
        try db.create(index: "actionPartner_on_partner", on: "actionPartner", columns: ["partnerId", "actionId"])
        try db.create(table: "actionIndicator") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("actionId", .integer).notNull().indexed().references("action", onDelete: .cascade)
            t.column("name", .text).notNull()
            t.column("unit", .text).notNull()
            t.column("targetValue", .integer).notNull().check { $0 > 0 }
            t.column("currentValue", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
            t.column("baselineValue", .integer).check { $0 == nil || $0 >= 0 }
            t.column("measuredOn", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        // Full-text search over title, description and notes, ignoring case and accents,
        // kept in sync by triggers inside the writing transaction.
        try db.create(virtualTable: "actionSearch", using: FTS5()) { t in
            t.synchronize(withTable: "action")
            t.tokenizer = .unicode61(diacritics: .remove)
            t.column("title")
            t.column("description")
            t.column("notes")
        }

        // MARK: Funding
        try db.create(table: "fundingEnvelope") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("funderId", .integer).notNull().indexed().references("partner", onDelete: .restrict)
            t.column("label", .text).notNull()
            t.column("purpose", .text)
            t.column("amountCents", .integer).notNull().check { $0 > 0 }
            t.column("year", .integer)
            t.column("validFrom", .text)
            t.column("validUntil", .text)
            t.check(sql: "validFrom IS NULL OR validUntil IS NULL OR validUntil >= validFrom")
            t.column("axisId", .integer).indexed().references("axis", onDelete: .restrict)
            t.column("grantedOn", .text)
            t.column("notes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "fundingAllocation") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("envelopeId", .integer).notNull().indexed().references("fundingEnvelope", onDelete: .restrict)
            t.column("actionId", .integer).notNull().indexed().references("action", onDelete: .restrict)
            t.column("amountCents", .integer).notNull().check { $0 > 0 }
            t.column("notes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        // A co-financing line: a funder's part of an action's cost (or, when no action is
        // named, of the purpose it states), as an exact amount or as an exact share.
        try db.create(table: "financingLine") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("funderId", .integer).notNull().indexed().references("partner", onDelete: .restrict)
            t.column("actionId", .integer).indexed().references("action", onDelete: .restrict)
            t.column("purpose", .text)
            t.column("amountCents", .integer).check { $0 == nil || $0 > 0 }
            t.column("shareBasisPoints", .integer).check(
                sql: "shareBasisPoints IS NULL OR shareBasisPoints BETWEEN 1 AND 10000")
            t.check(sql: "(amountCents IS NULL) <> (shareBasisPoints IS NULL)")
            t.check(sql: "actionId IS NOT NULL OR purpose IS NOT NULL")
            t.column("notes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }

        // MARK: Change log (audit trail and change feed)
        try db.create(table: "changeLog") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("occurredAt", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("requestId", .text)
            t.column("operation", .text).notNull().check(sql: "operation IN ('create','update','delete')")
            t.column("entityType", .text).notNull()
            t.column("entityId", .integer).notNull()
            t.column("changes", .text).notNull()
        }
        try db.create(index: "changeLog_on_entity", on: "changeLog", columns: ["entityType", "entityId", "id"])
    }

    /// API tokens (only a hash of each secret) and the idempotency keys of retried POSTs.
    private static func v2Access(_ db: Database) throws {
        try db.create(table: "apiToken") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("role", .text).notNull().check(sql: "role IN ('reader','editor','admin')")
            t.column("secretHash", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("createdBy", .text).notNull()
            t.column("revokedAt", .datetime)
        }
        try db.create(table: "idempotencyKey") { t in
            t.column("caller", .text).notNull()
            t.column("key", .text).notNull()
            t.column("fingerprint", .text).notNull()
            t.column("status", .integer)
            t.column("headers", .text)
            t.column("body", .blob)
            t.column("createdAt", .datetime).notNull().indexed()
            t.primaryKey(["caller", "key"])
        }
    }

    /// What action lists sort and filter on at scale: a folded title (sorting ignores case and
    /// accents) and one index per sort key, each ending with the id the cursor uses.
    private static func v3ActionLists(_ db: Database) throws {
        try db.alter(table: "action") { t in
            t.add(column: "titleKey", .text).notNull().defaults(to: "")
        }
        // No action exists before this migration in any released database; folding happens in
        // Swift (TextKey), so rows written later get their key from the service.
        try db.create(index: "action_on_titleKey", on: "action", columns: ["titleKey", "id"])
        try db.create(index: "action_on_startOn", on: "action", columns: ["startOn", "id"])
        try db.create(index: "action_on_endOn", on: "action", columns: ["endOn", "id"])
        try db.create(index: "action_on_updatedAt", on: "action", columns: ["updatedAt", "id"])
        try db.create(index: "action_on_progress", on: "action", columns: ["progressBasisPoints", "id"])
        try db.create(index: "action_on_axis_status", on: "action", columns: ["axisId", "status", "id"])
    }

    /// When the request of an idempotency key committed its change (`committedAt`), and which
    /// claim of the key may commit it (`claim`, new at each claim): both are written in the
    /// transaction of that change, so that a retry never carries it out twice, even when the
    /// response could not be stored afterwards or the first request was delayed past its claim.
    private static func v4IdempotencyCommit(_ db: Database) throws {
        try db.alter(table: "idempotencyKey") { t in
            t.add(column: "committedAt", .datetime)
            t.add(column: "claim", .text)
        }
    }

    /// Comparison keys written before invisible characters were dropped from them: the same
    /// characters are removed now (the list is fixed here, as a migration never changes), so
    /// that a name with a zero-width space and the same name without one share their key. A
    /// row whose cleaned key another row already has keeps its old key (the two were distinct
    /// names until now; staff can merge them).
    private static func v5VisibleKeys(_ db: Database) throws {
        let invisible: [Int] = [
            0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
            0x2066, 0x2067, 0x2068, 0x2069, 0x2800, 0x3164, 0xFEFF, 0xFFA0,
        ]
        for (table, column) in [("partner", "nameKey"), ("workingGroup", "nameKey"), ("action", "titleKey")] {
            for code in invisible {
                try db.execute(
                    sql: """
                        UPDATE OR IGNORE \(table) SET \(column) = trim(replace(\(column), char(?), ''))
                        WHERE instr(\(column), char(?)) > 0
                        """, arguments: [code, code])
            }
        }
    }
}
