import Foundation
import GRDB

/// Working groups: one axis each, a name unique ignoring case and accents, and no deletion
/// while partners are registered, meetings are recorded or actions come from the group —
/// unless the caller archives it instead (`archive: true`), which keeps everything and hides
/// the group from the default list.
public struct GroupService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// One page of groups.
    public func list(_ query: GroupQuery) async throws -> Page<GroupDetail> {
        let sort = query.sort ?? Sort(.name)
        var v = Validator()
        v.listIds(query.ids)
        if let axisId = query.axisId { v.atLeast(axisId, "axisId", 1) }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<WorkingGroup>()
            var request = WorkingGroup.all().aliased(alias).filter(listIds: query.ids)
            if let axisId = query.axisId { request = request.filter(WorkingGroup.Columns.axisId == axisId) }
            if let archived = query.archived {
                request = request.filter(
                    archived ? WorkingGroup.Columns.archivedAt != nil : WorkingGroup.Columns.archivedAt == nil)
            }
            let page = try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page)
            return Page(items: try page.items.map { try GroupService.detail(db, $0) }, nextCursor: page.nextCursor)
        }
    }

    /// The group with this id.
    public func get(id: Int64) async throws -> GroupDetail {
        try await database.read { db in try GroupService.detail(db, try WorkingGroup.find(db, id: id)) }
    }

    /// Adds a group under an axis.
    public func create(_ input: GroupInput, by caller: Caller) async throws -> GroupDetail {
        let group = input.record
        try group.validate()
        return try await database.write(by: caller, clock: clock) { write in
            try GroupService.checkAxisExists(write.db, group.axisId)
            try GroupService.checkNameIsFree(write.db, group.name, except: nil)
            var group = group
            try write.insert(&group)
            return try GroupService.detail(write.db, group)
        }
    }

    /// Changes a group. Moving it to another axis is refused while actions of the group sit
    /// under its current axis (they must stay on the group's axis).
    public func update(
        id: Int64, _ patch: GroupPatch, by caller: Caller, ifMatch: Precondition<GroupDetail>? = nil
    ) async throws -> GroupDetail {
        try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let current = try WorkingGroup.find(db, id: id)
            var group = current
            patch.apply(to: &group, at: write.now)
            try group.validate()
            try ifMatch.verify(try GroupService.detail(db, current))
            if group.axisId != current.axisId {
                try GroupService.checkAxisExists(db, group.axisId)
                let actions = try Row.fetchAll(
                    db, sql: "SELECT id, title FROM action WHERE groupId = ? LIMIT 20", arguments: [id])
                if !actions.isEmpty {
                    throw RoadmapError.conflict(
                        detail:
                            "The group's actions belong to its axis; move or detach them before moving the group to another axis.",
                        references: actions.map { Reference(Action.self, id: $0[0], label: $0[1]) })
                }
            }
            if group.nameKey != current.nameKey { try GroupService.checkNameIsFree(db, group.name, except: id) }
            try write.update(&group, from: current)
            return try GroupService.detail(db, group)
        }
    }

    /// What `delete` did.
    public enum Removal: Sendable, Equatable {
        case deleted
        case archived(GroupDetail)
    }

    /// Deletes a group nothing refers to. With `archive`, archives it instead, whatever refers
    /// to it. Without, a group with members, meetings or actions is a `conflict` naming them.
    public func delete(
        id: Int64, archive: Bool, by caller: Caller, ifMatch: Precondition<GroupDetail>? = nil
    ) async throws -> Removal {
        try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let group = try WorkingGroup.find(db, id: id)
            try ifMatch.verify(try GroupService.detail(db, group))
            if archive {
                var archived = group
                archived.archivedAt = group.archivedAt ?? write.now
                try write.update(&archived, from: group)
                return .archived(try GroupService.detail(db, archived))
            }
            let references = try GroupService.references(db, to: id)
            guard references.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(group.name) » still has members, meetings or actions; remove them, or archive the group with ?archive=true.",
                    references: references)
            }
            try write.delete(group)
            return .deleted
        }
    }

    // MARK: Queries

    static func detail(_ db: Database, _ group: WorkingGroup) throws -> GroupDetail {
        let counts = try Row.fetchOne(
            db,
            sql: """
                SELECT (SELECT count(*) FROM groupMember WHERE groupId = :id),
                       (SELECT count(*) FROM groupMeeting WHERE groupId = :id),
                       (SELECT partnerId FROM groupMember WHERE groupId = :id AND role = 'lead')
                """, arguments: ["id": group.id!])!
        return GroupDetail(group: group, memberCount: counts[0], meetingCount: counts[1], leadPartnerId: counts[2])
    }

    static func checkAxisExists(_ db: Database, _ axisId: Int64) throws {
        guard try Axis.exists(db, primaryKey: axisId) else {
            throw RoadmapError.unprocessable("axisId", "no axis has id \(axisId)")
        }
    }

    private static func checkNameIsFree(_ db: Database, _ name: String, except id: Int64?) throws {
        var request = WorkingGroup.filter(WorkingGroup.Columns.nameKey == TextKey.fold(name))
        if let id { request = request.filter(WorkingGroup.Columns.id != id) }
        if let other = try request.fetchOne(db) {
            throw RoadmapError.conflict(
                detail:
                    "A working group named « \(other.name) » already exists (names are compared ignoring case and accents).",
                references: [Reference(WorkingGroup.self, id: other.id!, label: other.name)])
        }
    }

    /// Members, meetings and actions of a group (at most 20 named).
    static func references(_ db: Database, to groupId: Int64) throws -> [Reference] {
        let sql = """
            SELECT '\(GroupMember.databaseTableName)' AS entity, partner.id, partner.name AS label FROM groupMember
              JOIN partner ON partner.id = groupMember.partnerId WHERE groupMember.groupId = :id
            UNION ALL SELECT '\(GroupMeeting.databaseTableName)', id, startsAt FROM groupMeeting WHERE groupId = :id
            UNION ALL SELECT '\(Action.databaseTableName)', id, title FROM action WHERE groupId = :id
            LIMIT 20
            """
        return try Row.fetchAll(db, sql: sql, arguments: ["id": groupId]).map {
            Reference(entity: $0["entity"], id: $0["id"], label: $0["label"])
        }
    }
}
