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

    static let sortColumns = ["name": "nameKey", "createdAt": "createdAt", "updatedAt": "updatedAt"]

    /// One page of partners.
    public func list(_ query: PartnerQuery) async throws -> Page<PartnerDetail> {
        let sort = try SortOrder.parse(query.sort, default: "name", allowed: PartnerService.sortColumns)
        if let text = query.text {
            var v = Validator()
            v.require(text.count <= 200, "q", "must be at most 200 characters")
            try v.finish()
        }
        return try await database.read { db in
            let alias = TableAlias<Partner>()
            var request = Partner.all().aliased(alias)
            if let kind = query.kind { request = request.filter(Partner.Columns.kind == kind.rawValue) }
            if let role = query.role {
                request = request.filter(sql: "EXISTS (SELECT 1 FROM partnerRole WHERE partnerRole.partnerId = partner.id AND partnerRole.role = ?)", arguments: [role.rawValue])
            }
            if let text = query.text.map(TextKey.fold), !text.isEmpty {
                request = request.filter(sql: "partner.nameKey LIKE ? ESCAPE '\\'", arguments: ["%" + PartnerService.likeEscaped(text) + "%"])
            }
            let page = try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page) { partner in
                let value: DatabaseValue = switch sort.column {
                case "createdAt": partner.createdAt.databaseValue
                case "updatedAt": partner.updatedAt.databaseValue
                default: partner.nameKey.databaseValue
                }
                return (value, partner.id!)
            }
            return Page(items: try PartnerService.details(db, page.items), nextCursor: page.nextCursor)
        }
    }

    /// The partner with this id, its roles and its groups.
    public func get(id: Int64) async throws -> PartnerDetail {
        try await database.read { db in try PartnerService.detail(db, id: id) }
    }

    /// Adds a partner.
    public func create(_ input: PartnerInput, by caller: Caller) async throws -> PartnerDetail {
        try PartnerService.validate(name: input.name, siret: input.siret, website: input.website, email: input.email, notes: input.notes)
        let now = clock.now
        return try await database.write { db in
            try PartnerService.checkNameIsFree(db, input.name, except: nil)
            try PartnerService.checkSiretIsFree(db, input.siret, except: nil)
            var partner = Partner(name: input.name, kind: input.kind, siret: input.siret, website: input.website,
                                  email: input.email, notes: input.notes, createdAt: now, updatedAt: now)
            try partner.insert(db)
            try PartnerService.replaceRoles(db, partnerId: partner.id!, with: input.roles)
            let detail = try PartnerService.detail(db, id: partner.id!)
            try ChangeLog.created(db, "partner", id: partner.id!, PartnerDetail.LogEntry(detail: detail), by: caller, at: now)
            return detail
        }
    }

    /// Changes a partner.
    public func update(id: Int64, _ patch: PartnerPatch, by caller: Caller, ifMatch: Precondition<PartnerDetail>? = nil) async throws -> PartnerDetail {
        try PartnerService.validate(name: patch.name.newValue, siret: patch.siret.newValue ?? nil, website: patch.website.newValue ?? nil,
                                    email: patch.email.newValue ?? nil, notes: patch.notes.newValue ?? nil)
        let now = clock.now
        return try await database.write { db in
            let current = try PartnerService.detail(db, id: id)
            try ifMatch.verify(current)
            if let name = patch.name.newValue { try PartnerService.checkNameIsFree(db, name, except: id) }
            if case .set(let siret?) = patch.siret { try PartnerService.checkSiretIsFree(db, siret, except: id) }
            var partner = current.partner
            if let name = patch.name.newValue {
                partner.name = name
                partner.nameKey = TextKey.fold(name)
            }
            patch.kind.apply(to: &partner.kind)
            patch.siret.apply(to: &partner.siret)
            patch.website.apply(to: &partner.website)
            patch.email.apply(to: &partner.email)
            patch.notes.apply(to: &partner.notes)
            let rolesChanged = patch.roles.newValue.map { Set($0) != Set(current.roles) } ?? false
            guard partner != current.partner || rolesChanged else { return current }
            partner.updatedAt = now
            try partner.update(db)
            if let roles = patch.roles.newValue { try PartnerService.replaceRoles(db, partnerId: id, with: roles) }
            let detail = try PartnerService.detail(db, id: id)
            try ChangeLog.updated(db, "partner", id: id, from: PartnerDetail.LogEntry(detail: current), to: PartnerDetail.LogEntry(detail: detail), by: caller, at: now)
            return detail
        }
    }

    /// Deletes a partner nothing refers to; otherwise `conflict` naming what refers to it.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<PartnerDetail>? = nil) async throws {
        let now = clock.now
        try await database.write { db in
            let detail = try PartnerService.detail(db, id: id)
            try ifMatch.verify(detail)
            let references = try PartnerService.references(db, to: id)
            guard references.isEmpty else {
                throw RoadmapError.conflict(
                    detail: "« \(detail.partner.name) » is still referred to by \(references.count < 20 ? "\(references.count)" : "20 or more") item(s); remove those references first.",
                    references: references)
            }
            try PartnerRoleRecord.filter(PartnerRoleRecord.Columns.partnerId == id).deleteAll(db)
            try detail.partner.delete(db)
            try ChangeLog.deleted(db, "partner", id: id, PartnerDetail.LogEntry(detail: detail), by: caller, at: now)
        }
    }

    // MARK: Rules

    static func validate(name: String?, siret: String?, website: String?, email: String?, notes: String?) throws {
        var v = Validator()
        v.line(name, "name")
        if let siret, let problem = Identifiers.siretProblem(siret) { v.fail("siret", problem) }
        v.webURL(website, "website")
        if let email, let problem = Identifiers.emailProblem(email) { v.fail("email", problem) }
        v.paragraph(notes, "notes")
        try v.finish()
    }

    private static func checkNameIsFree(_ db: Database, _ name: String, except id: Int64?) throws {
        var request = Partner.filter(Partner.Columns.nameKey == TextKey.fold(name))
        if let id { request = request.filter(Partner.Columns.id != id) }
        if let other = try request.fetchOne(db) {
            throw RoadmapError.conflict(
                detail: "A partner named « \(other.name) » already exists (names are compared ignoring case and accents).",
                references: [Reference(entity: "partner", id: other.id!, label: other.name)])
        }
    }

    private static func checkSiretIsFree(_ db: Database, _ siret: String?, except id: Int64?) throws {
        guard let siret else { return }
        var request = Partner.filter(Column("siret") == siret)
        if let id { request = request.filter(Partner.Columns.id != id) }
        if let other = try request.fetchOne(db) {
            throw RoadmapError.conflict(detail: "SIRET \(siret) is already the SIRET of « \(other.name) ».",
                                        references: [Reference(entity: "partner", id: other.id!, label: other.name)])
        }
    }

    private static func replaceRoles(_ db: Database, partnerId: Int64, with roles: [PartnerRole]) throws {
        try PartnerRoleRecord.filter(PartnerRoleRecord.Columns.partnerId == partnerId).deleteAll(db)
        for role in Set(roles).sorted() {
            try PartnerRoleRecord(partnerId: partnerId, role: role).insert(db)
        }
    }

    // MARK: Queries

    static func fetch(_ db: Database, id: Int64) throws -> Partner {
        guard let partner = try Partner.fetchOne(db, key: id) else { throw RoadmapError.notFound(entity: "partner", id: String(id)) }
        return partner
    }

    static func detail(_ db: Database, id: Int64) throws -> PartnerDetail {
        try details(db, [try fetch(db, id: id)])[0]
    }

    /// Roles and groups of several partners in two queries.
    static func details(_ db: Database, _ partners: [Partner]) throws -> [PartnerDetail] {
        let ids = partners.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let roles = try PartnerRoleRecord.filter(ids.contains(PartnerRoleRecord.Columns.partnerId)).fetchAll(db)
        let rolesById = Dictionary(grouping: roles, by: \.partnerId)
        let memberships = try Row.fetchAll(db, sql: """
            SELECT groupMember.partnerId, groupMember.groupId, workingGroup.name, groupMember.role
            FROM groupMember JOIN workingGroup ON workingGroup.id = groupMember.groupId
            WHERE groupMember.partnerId IN (\(ids.map { _ in "?" }.joined(separator: ",")))
            ORDER BY groupMember.groupId
            """, arguments: StatementArguments(ids))
        var groupsById: [Int64: [PartnerDetail.Membership]] = [:]
        for row in memberships {
            groupsById[row[0], default: []].append(PartnerDetail.Membership(groupId: row[1], groupName: row[2], role: GroupMemberRole(rawValue: row[3]) ?? .member))
        }
        return partners.map { partner in
            PartnerDetail(partner: partner, roles: (rolesById[partner.id!] ?? []).map(\.role).sorted(), groups: groupsById[partner.id!] ?? [])
        }
    }

    /// Everything that refers to a partner (at most 20 named).
    static func references(_ db: Database, to partnerId: Int64) throws -> [Reference] {
        let sql = """
            SELECT 'workingGroup' AS entity, workingGroup.id, workingGroup.name AS label FROM groupMember
              JOIN workingGroup ON workingGroup.id = groupMember.groupId WHERE groupMember.partnerId = :id
            UNION ALL SELECT 'action', id, title FROM action WHERE leadPartnerId = :id
            UNION ALL SELECT 'action', action.id, action.title FROM actionPartner JOIN action ON action.id = actionPartner.actionId WHERE actionPartner.partnerId = :id
            UNION ALL SELECT 'fundingEnvelope', id, label FROM fundingEnvelope WHERE funderId = :id
            UNION ALL SELECT 'financingLine', id, coalesce(purpose, 'action ' || actionId) FROM financingLine WHERE funderId = :id
            UNION ALL SELECT 'roadmap', 1, 'pilot' FROM roadmap WHERE pilotPartnerId = :id
            UNION ALL SELECT 'roadmap', 1, 'co-signatory: ' || title FROM roadmapSignatory WHERE partnerId = :id
            UNION ALL SELECT 'roadmap', 1, 'supporter: ' || label FROM roadmapSupporter WHERE partnerId = :id
            LIMIT 20
            """
        return try Row.fetchAll(db, sql: sql, arguments: ["id": partnerId]).map {
            Reference(entity: $0["entity"], id: $0["id"], label: $0["label"])
        }
    }

    /// `text` with the LIKE wildcards escaped.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
