import Foundation
import GRDB

/// The partners of the roadmap and their rules: a name unique once case and accents are
/// ignored, a valid SIRET and e-mail when given, and no deletion while anything refers to the
/// partner.
public struct PartnerService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// One page of partners.
    public func list(_ query: PartnerQuery) async throws -> Page<PartnerDetail> {
        let sort = query.sort ?? Sort(.name)
        var v = Validator()
        v.listIds(query.ids)
        if let text = query.text { v.require(text.count <= 200, "q", "must be at most 200 characters") }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<Partner>()
            var request = Partner.all().aliased(alias).filter(listIds: query.ids)
            if let kind = query.kind { request = request.filter(Partner.Columns.kind == kind.rawValue) }
            if let role = query.role {
                request = request.filter(
                    sql:
                        "EXISTS (SELECT 1 FROM partnerRole WHERE partnerRole.partnerId = partner.id AND partnerRole.role = ?)",
                    arguments: [role.rawValue])
            }
            if let text = query.text.map(TextKey.fold), !text.isEmpty {
                request = request.filter(
                    sql: "partner.nameKey LIKE ? ESCAPE '\\'", arguments: ["%" + PartnerService.likeEscaped(text) + "%"]
                )
            }
            let page = try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page)
            return Page(items: try PartnerService.details(db, page.items), nextCursor: page.nextCursor)
        }
    }

    /// The partner with this id, its roles and its groups.
    public func get(id: Int64) async throws -> PartnerDetail {
        try await database.read { db in try PartnerService.detail(db, id: id) }
    }

    /// Adds a partner.
    public func create(_ input: PartnerInput, by caller: Caller) async throws -> PartnerDetail {
        let partner = input.record
        try partner.validate()
        return try await database.write(by: caller, clock: clock) { write in
            try PartnerService.checkNameIsFree(write.db, partner.name, except: nil)
            try PartnerService.checkIdentifiersAreFree(write.db, partner, except: nil)
            var partner = partner
            try write.insert(&partner) { partner in
                try PartnerService.replaceRoles(write.db, partnerId: partner.id!, with: input.roles)
                return PartnerDetail.LogEntry(detail: try PartnerService.detail(write.db, id: partner.id!))
            }
            return try PartnerService.detail(write.db, id: partner.id!)
        }
    }

    /// Changes a partner.
    public func update(
        id: Int64, _ patch: PartnerPatch, by caller: Caller, ifMatch: Precondition<PartnerDetail>? = nil
    ) async throws -> PartnerDetail {
        try await database.write(by: caller, clock: clock) { write in
            let current = try PartnerService.detail(write.db, id: id)
            var partner = current.partner
            patch.apply(to: &partner)
            try partner.validate()
            try ifMatch.verify(current)
            if partner.nameKey != current.partner.nameKey {
                try PartnerService.checkNameIsFree(write.db, partner.name, except: id)
            }
            if partner.siret != current.partner.siret || partner.rna != current.partner.rna {
                try PartnerService.checkIdentifiersAreFree(write.db, partner, except: id)
            }
            let rolesChanged = patch.roles.newValue.map { Set($0) != Set(current.roles) } ?? false
            let changed = try write.update(
                &partner, from: current.partner, relatedChanged: rolesChanged,
                loggedFrom: PartnerDetail.LogEntry(detail: current)
            ) { _ in
                if let roles = patch.roles.newValue {
                    try PartnerService.replaceRoles(write.db, partnerId: id, with: roles)
                }
                return PartnerDetail.LogEntry(detail: try PartnerService.detail(write.db, id: id))
            }
            return changed ? try PartnerService.detail(write.db, id: id) : current
        }
    }

    /// Deletes a partner nothing refers to; otherwise `conflict` naming what refers to it.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<PartnerDetail>? = nil) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try PartnerService.detail(write.db, id: id)
            try ifMatch.verify(detail)
            let references = try PartnerService.references(write.db, to: id)
            guard references.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(detail.partner.name) » is still referred to by \(references.count < 20 ? "\(references.count)" : "20 or more") item(s); remove those references first.",
                    references: references)
            }
            try PartnerRoleRecord.filter(PartnerRoleRecord.Columns.partnerId == id).deleteAll(write.db)
            try detail.partner.delete(write.db)
            try write.logDeleted(Partner.self, id: id, PartnerDetail.LogEntry(detail: detail))
        }
    }

    // MARK: Rules

    private static func checkNameIsFree(_ db: Database, _ name: String, except id: Int64?) throws {
        var request = Partner.filter(Partner.Columns.nameKey == TextKey.fold(name))
        if let id { request = request.filter(Partner.Columns.id != id) }
        if let other = try request.fetchOne(db) {
            throw RoadmapError.conflict(
                detail:
                    "A partner named « \(other.name) » already exists (names are compared ignoring case and accents).",
                references: [Reference(Partner.self, id: other.id!, label: other.name)])
        }
    }

    /// A SIRET and an RNA number each name one partner (409 naming the one that has it).
    private static func checkIdentifiersAreFree(_ db: Database, _ partner: Partner, except id: Int64?) throws {
        for (column, value, label) in [("siret", partner.siret, "SIRET"), ("rna", partner.rna, "RNA number")] {
            guard let value else { continue }
            var request = Partner.filter(Column(column) == value)
            if let id { request = request.filter(Partner.Columns.id != id) }
            if let other = try request.fetchOne(db) {
                throw RoadmapError.conflict(
                    detail: "\(label) \(value) is already the \(label) of « \(other.name) ».",
                    references: [Reference(Partner.self, id: other.id!, label: other.name)])
            }
        }
    }

    private static func replaceRoles(_ db: Database, partnerId: Int64, with roles: [PartnerRole]) throws {
        try PartnerRoleRecord.filter(PartnerRoleRecord.Columns.partnerId == partnerId).deleteAll(db)
        for role in Set(roles).sorted() {
            try PartnerRoleRecord(partnerId: partnerId, role: role).insert(db)
        }
    }

    // MARK: Queries

    static func detail(_ db: Database, id: Int64) throws -> PartnerDetail {
        try details(db, [try Partner.find(db, id: id)])[0]
    }

    /// Roles and groups of several partners in two queries.
    static func details(_ db: Database, _ partners: [Partner]) throws -> [PartnerDetail] {
        let ids = partners.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let roles = try PartnerRoleRecord.filter(ids.contains(PartnerRoleRecord.Columns.partnerId)).fetchAll(db)
        let rolesById = Dictionary(grouping: roles, by: \.partnerId)
        let memberships = try Row.fetchAll(
            db,
            sql: """
                SELECT groupMember.partnerId, groupMember.groupId, workingGroup.name, groupMember.role
                FROM groupMember JOIN workingGroup ON workingGroup.id = groupMember.groupId
                WHERE groupMember.partnerId IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                ORDER BY groupMember.groupId
                """, arguments: StatementArguments(ids))
        var groupsById: [Int64: [PartnerDetail.Membership]] = [:]
        for row in memberships {
            groupsById[row[0], default: []].append(
                PartnerDetail.Membership(
                    groupId: row[1], groupName: row[2], role: GroupMemberRole(rawValue: row[3]) ?? .member))
        }
        return partners.map { partner in
            PartnerDetail(
                partner: partner, roles: (rolesById[partner.id!] ?? []).map(\.role).sorted(),
                groups: groupsById[partner.id!] ?? [])
        }
    }

    /// Everything that refers to a partner (at most 20 named).
    static func references(_ db: Database, to partnerId: Int64) throws -> [Reference] {
        let sql = """
            SELECT '\(WorkingGroup.databaseTableName)' AS entity, workingGroup.id, workingGroup.name AS label FROM groupMember
              JOIN workingGroup ON workingGroup.id = groupMember.groupId WHERE groupMember.partnerId = :id
            UNION ALL SELECT '\(Action.databaseTableName)', id, title FROM action WHERE leadPartnerId = :id
            UNION ALL SELECT '\(Action.databaseTableName)', action.id, action.title FROM actionPartner JOIN action ON action.id = actionPartner.actionId WHERE actionPartner.partnerId = :id
            UNION ALL SELECT '\(FundingEnvelope.databaseTableName)', id, label FROM fundingEnvelope WHERE funderId = :id
            UNION ALL SELECT '\(FinancingLine.databaseTableName)', id, coalesce(purpose, 'action ' || actionId) FROM financingLine WHERE funderId = :id
            UNION ALL SELECT '\(GrantRequest.databaseTableName)', grantId, 'beneficiary of grant request ' || grantId FROM grantBeneficiary WHERE partnerId = :id
            UNION ALL SELECT '\(Committee.databaseTableName)', committee.id, committee.name FROM committeeMember
              JOIN committee ON committee.id = committeeMember.committeeId WHERE committeeMember.partnerId = :id
            UNION ALL SELECT '\(Contact.databaseTableName)', id, 'contact ' || id FROM contact WHERE partnerId = :id
            UNION ALL SELECT '\(MembershipStep.databaseTableName)', id, 'governance ' || status || ' since ' || since FROM membershipStep WHERE partnerId = :id
            UNION ALL SELECT '\(RoadmapRecord.databaseTableName)', 1, 'pilot' FROM roadmap WHERE pilotPartnerId = :id
            UNION ALL SELECT '\(RoadmapRecord.databaseTableName)', 1, 'co-signatory: ' || title FROM roadmapSignatory WHERE partnerId = :id
            UNION ALL SELECT '\(RoadmapRecord.databaseTableName)', 1, 'supporter: ' || label FROM roadmapSupporter WHERE partnerId = :id
            LIMIT 20
            """
        return try Row.fetchAll(db, sql: sql, arguments: ["id": partnerId]).map {
            Reference(entity: $0["entity"], id: $0["id"], label: $0["label"])
        }
    }

    /// `text` with the LIKE wildcards escaped.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
