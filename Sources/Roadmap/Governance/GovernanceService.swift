import Foundation
import GRDB

/// The governance: its committees (a type, a name unique ignoring case and accents, a
/// frequency, member partners), their meetings and decisions
/// (`GovernanceService+Meetings.swift`), and each partner's membership over time
/// (`GovernanceService+Membership.swift`). A committee that has met is kept (409 while it has
/// meetings): its meetings and decisions are the record of what was decided.
public struct GovernanceService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// The most partners a committee lists.
    static let maximumMembers = 100

    /// One page of committees.
    public func committees(_ query: CommitteeQuery) async throws -> Page<CommitteeDetail> {
        let sort = query.sort ?? Sort(.name)
        var v = Validator()
        v.listIds(query.ids)
        if let memberId = query.memberId { v.atLeast(memberId, "memberId", 1) }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<Committee>()
            var request = Committee.all().aliased(alias).filter(listIds: query.ids)
            if let type = query.type { request = request.filter(Committee.Columns.type == type.rawValue) }
            if let memberId = query.memberId {
                request = request.filter(
                    sql: "EXISTS (SELECT 1 FROM committeeMember WHERE committeeId = committee.id AND partnerId = ?)",
                    arguments: [memberId])
            }
            let page = try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page)
            return Page(items: try page.items.map { try GovernanceService.detail(db, $0) }, nextCursor: page.nextCursor)
        }
    }

    /// The committee with this id.
    public func committee(id: Int64) async throws -> CommitteeDetail {
        try await database.read { db in try GovernanceService.detail(db, try Committee.find(db, id: id)) }
    }

    /// Creates a committee with its members.
    public func createCommittee(_ input: CommitteeInput, by caller: Caller) async throws -> CommitteeDetail {
        let committee = input.record
        var faults = Validator()
        GovernanceService.checkMemberIds(input.memberIds, &faults)
        try committee.validate(adding: faults)
        return try await database.write(by: caller, clock: clock) { write in
            try GovernanceService.checkNameIsFree(write.db, committee.name, except: nil)
            try GovernanceService.checkPartnersExist(write.db, input.memberIds, field: "memberIds")
            var committee = committee
            let members = Set(input.memberIds).sorted()
            try write.insert(&committee) { committee in
                try GovernanceService.replaceMembers(write.db, committeeId: committee.id!, with: members)
                return CommitteeDetail.LogEntry(committee: committee, memberIds: members)
            }
            return try GovernanceService.detail(write.db, committee)
        }
    }

    /// Changes a committee; `memberIds` replaces its members.
    public func updateCommittee(
        id: Int64, _ patch: CommitteePatch, by caller: Caller, ifMatch: Precondition<CommitteeDetail>? = nil
    ) async throws -> CommitteeDetail {
        try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let current = try GovernanceService.detail(db, try Committee.find(db, id: id))
            var committee = current.committee
            patch.apply(to: &committee)
            var faults = Validator()
            if let members = patch.memberIds.newValue { GovernanceService.checkMemberIds(members, &faults) }
            try committee.validate(adding: faults)
            try ifMatch.verify(current)
            if committee.nameKey != current.committee.nameKey {
                try GovernanceService.checkNameIsFree(db, committee.name, except: id)
            }
            try GovernanceService.checkPartnersExist(db, patch.memberIds.newValue ?? [], field: "memberIds")
            let members = patch.memberIds.newValue.map { Set($0).sorted() } ?? current.memberIds
            let membersChanged = members != current.memberIds
            let changed = try write.update(
                &committee, from: current.committee, relatedChanged: membersChanged,
                loggedFrom: CommitteeDetail.LogEntry(committee: current.committee, memberIds: current.memberIds)
            ) { committee in
                if membersChanged { try GovernanceService.replaceMembers(db, committeeId: id, with: members) }
                return CommitteeDetail.LogEntry(committee: committee, memberIds: members)
            }
            return changed ? try GovernanceService.detail(db, committee) : current
        }
    }

    /// Deletes a committee that has no meetings (409 naming them otherwise).
    public func deleteCommittee(
        id: Int64, by caller: Caller, ifMatch: Precondition<CommitteeDetail>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try GovernanceService.detail(write.db, try Committee.find(write.db, id: id))
            try ifMatch.verify(detail)
            let meetings = try CommitteeMeeting.filter(CommitteeMeeting.Columns.committeeId == id)
                .order(Column("startsAtUtc")).limit(20).fetchAll(write.db)
            guard meetings.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(detail.committee.name) » has met; its meetings and their decisions are kept, and so is the committee.",
                    references: meetings.map { Reference(CommitteeMeeting.self, id: $0.id!, label: $0.startsAt) })
            }
            try CommitteeMember.filter(CommitteeMember.Columns.committeeId == id).deleteAll(write.db)
            try detail.committee.delete(write.db)
            try write.logDeleted(
                Committee.self, id: id,
                CommitteeDetail.LogEntry(committee: detail.committee, memberIds: detail.memberIds))
        }
    }

    // MARK: Rules

    static func checkMemberIds(_ ids: [Int64], _ v: inout Validator) {
        v.require(ids.count <= maximumMembers, "memberIds", "must list at most \(maximumMembers) partners")
        v.require(Set(ids).count == ids.count, "memberIds", "must not repeat a partner")
    }

    /// Every id names a partner (→ 422 naming each one that does not).
    static func checkPartnersExist(_ db: Database, _ ids: [Int64], field: String) throws {
        var errors: [FieldError] = []
        for (index, id) in ids.enumerated() where try !Partner.exists(db, primaryKey: id) {
            errors.append(FieldError(field: "\(field)[\(index)]", message: "no partner has id \(id)"))
        }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    private static func checkNameIsFree(_ db: Database, _ name: String, except id: Int64?) throws {
        var request = Committee.filter(Committee.Columns.nameKey == TextKey.fold(name))
        if let id { request = request.filter(Committee.Columns.id != id) }
        if let other = try request.fetchOne(db) {
            throw RoadmapError.conflict(
                detail:
                    "A committee named « \(other.name) » already exists (names are compared ignoring case and accents).",
                references: [Reference(Committee.self, id: other.id!, label: other.name)])
        }
    }

    private static func replaceMembers(_ db: Database, committeeId: Int64, with ids: [Int64]) throws {
        try CommitteeMember.filter(CommitteeMember.Columns.committeeId == committeeId).deleteAll(db)
        for id in ids { try CommitteeMember(committeeId: committeeId, partnerId: id).insert(db) }
    }

    // MARK: Queries

    static func detail(_ db: Database, _ committee: Committee) throws -> CommitteeDetail {
        let id = committee.id!
        let members = try Int64.fetchAll(
            db, sql: "SELECT partnerId FROM committeeMember WHERE committeeId = ? ORDER BY partnerId", arguments: [id])
        let meetings =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM committeeMeeting WHERE committeeId = ?", arguments: [id]) ?? 0
        return CommitteeDetail(committee: committee, memberIds: members, meetingCount: meetings)
    }
}
