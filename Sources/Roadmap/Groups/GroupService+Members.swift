import Foundation
import GRDB

/// Registration of partners in a group (« s'inscrire »): once per partner, at most one lead.
/// Registering does not change the partner's roles: `working_group_member` is a role staff
/// set themselves; the groups a partner belongs to are listed on the partner.
extension GroupService {
    /// The members of a group, lead first, then by name.
    public func members(groupId: Int64) async throws -> [GroupMemberDetail] {
        try await database.read { db in
            _ = try WorkingGroup.find(db, id: groupId)
            return try GroupService.memberDetails(db, groupId: groupId)
        }
    }

    /// One member of a group.
    public func member(groupId: Int64, partnerId: Int64) async throws -> GroupMemberDetail {
        try await database.read { db in
            _ = try WorkingGroup.find(db, id: groupId)
            return try GroupService.memberDetail(
                db, try GroupService.member(db, groupId: groupId, partnerId: partnerId))
        }
    }

    /// Registers a partner in a group.
    public func register(
        groupId: Int64, partnerId: Int64, role: GroupMemberRole, by caller: Caller
    ) async throws -> GroupMemberDetail {
        var v = Validator()
        v.atLeast(partnerId, "partnerId", 1)
        try v.finish()
        return try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let group = try WorkingGroup.find(db, id: groupId)
            guard group.archivedAt == nil else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(group.name) » is archived; bring it back (PATCH archived: false) before registering partners."
                )
            }
            guard let partner = try Partner.fetchOne(db, primaryKey: partnerId) else {
                throw RoadmapError.unprocessable("partnerId", "no partner has id \(partnerId)")
            }
            if try GroupMember.filter(
                GroupMember.Columns.groupId == groupId && GroupMember.Columns.partnerId == partnerId
            ).fetchCount(db) > 0 {
                throw RoadmapError.conflict(
                    detail: "« \(partner.name) » is already registered in « \(group.name) ».",
                    references: [Reference(Partner.self, id: partnerId, label: partner.name)])
            }
            if role == .lead { try GroupService.checkNoLead(db, group) }
            let member = GroupMember(groupId: groupId, partnerId: partnerId, role: role, joinedAt: write.now)
            try member.insert(db)
            try write.logCreated(GroupMember.self, id: groupId, MemberEntry(member))
            return GroupMemberDetail(member: member, partnerName: partner.name)
        }
    }

    /// Changes a member's role (to lead only while the group has none).
    public func changeRole(
        groupId: Int64, partnerId: Int64, to role: GroupMemberRole, by caller: Caller,
        ifMatch: Precondition<GroupMemberDetail>? = nil
    ) async throws -> GroupMemberDetail {
        try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let group = try WorkingGroup.find(db, id: groupId)
            let current = try GroupService.member(db, groupId: groupId, partnerId: partnerId)
            try ifMatch.verify(try GroupService.memberDetail(db, current))
            guard current.role != role else { return try GroupService.memberDetail(db, current) }
            if role == .lead { try GroupService.checkNoLead(db, group) }
            var member = current
            member.role = role
            try member.update(db)
            try write.logUpdated(GroupMember.self, id: groupId, from: MemberEntry(current), to: MemberEntry(member))
            return try GroupService.memberDetail(db, member)
        }
    }

    /// Removes a partner from a group.
    public func unregister(
        groupId: Int64, partnerId: Int64, by caller: Caller, ifMatch: Precondition<GroupMemberDetail>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            _ = try WorkingGroup.find(write.db, id: groupId)
            let member = try GroupService.member(write.db, groupId: groupId, partnerId: partnerId)
            try ifMatch.verify(try GroupService.memberDetail(write.db, member))
            try member.delete(write.db)
            try write.logDeleted(GroupMember.self, id: groupId, MemberEntry(member))
        }
    }

    // MARK: Queries

    static func member(_ db: Database, groupId: Int64, partnerId: Int64) throws -> GroupMember {
        guard
            let member = try GroupMember.filter(
                GroupMember.Columns.groupId == groupId && GroupMember.Columns.partnerId == partnerId
            ).fetchOne(db)
        else {
            throw RoadmapError.notFound(GroupMember.self, id: partnerId, of: WorkingGroup.self, groupId)
        }
        return member
    }

    static func memberDetail(_ db: Database, _ member: GroupMember) throws -> GroupMemberDetail {
        GroupMemberDetail(
            member: member,
            partnerName: try String.fetchOne(
                db, sql: "SELECT name FROM partner WHERE id = ?", arguments: [member.partnerId]) ?? "")
    }

    static func memberDetails(_ db: Database, groupId: Int64) throws -> [GroupMemberDetail] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT groupMember.*, partner.name AS partnerName FROM groupMember JOIN partner ON partner.id = groupMember.partnerId
                WHERE groupMember.groupId = ? ORDER BY groupMember.role = 'lead' DESC, partner.nameKey, partner.id
                """, arguments: [groupId]
        ).map { GroupMemberDetail(member: try GroupMember(row: $0), partnerName: $0["partnerName"]) }
    }

    private static func checkNoLead(_ db: Database, _ group: WorkingGroup) throws {
        if let lead = try Row.fetchOne(
            db,
            sql: """
                SELECT partner.id, partner.name FROM groupMember JOIN partner ON partner.id = groupMember.partnerId
                WHERE groupMember.groupId = ? AND groupMember.role = 'lead'
                """, arguments: [group.id!])
        {
            throw RoadmapError.conflict(
                detail: "« \(group.name) » already has a lead: « \(lead[1] as String) ». A group has at most one lead.",
                references: [Reference(Partner.self, id: lead[0], label: lead[1])])
        }
    }
}

/// A membership as the change log shows it (the entity id is the group's).
private struct MemberEntry: Encodable {
    let partnerId: Int64
    let role: GroupMemberRole
    let joinedAt: Date

    init(_ member: GroupMember) {
        partnerId = member.partnerId
        role = member.role
        joinedAt = member.joinedAt
    }
}
