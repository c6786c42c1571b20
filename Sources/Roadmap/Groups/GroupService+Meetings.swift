import Foundation
import GRDB

/// Meetings of a group: start and end as ISO 8601 instants with an offset, the end after the
/// start; place, agenda and minutes as free text. Also the iCalendar feeds.
extension GroupService {
    /// One page of a group's meetings, soonest first.
    public func meetings(groupId: Int64, _ query: MeetingQuery) async throws -> Page<GroupMeeting> {
        if let from = query.from, let to = query.to, to < from {
            throw RoadmapError.invalid("to", "must not be before from")
        }
        return try await database.read { db in
            _ = try WorkingGroup.find(db, id: groupId)
            let alias = TableAlias<GroupMeeting>()
            var request = GroupMeeting.all().aliased(alias).filter(GroupMeeting.Columns.groupId == groupId)
            if let from = query.from { request = request.filter(GroupMeeting.Columns.startsAtUtc >= from) }
            if let to = query.to { request = request.filter(GroupMeeting.Columns.startsAtUtc < to) }
            let sort = SortOrder(
                name: "startsAt", expression: alias[GroupMeeting.Columns.startsAtUtc], descending: false)
            return try Keyset.fetch(db, request, id: alias[GroupMeeting.Columns.id], sort: sort, page: query.page) {
                ($0.startsAtUtc.databaseValue, $0.id!)
            }
        }
    }

    /// One meeting of a group.
    public func meeting(groupId: Int64, id: Int64) async throws -> GroupMeeting {
        try await database.read { db in try GroupService.meeting(db, groupId: groupId, id: id) }
    }

    /// Records a meeting.
    public func createMeeting(groupId: Int64, _ input: MeetingInput, by caller: Caller) async throws -> GroupMeeting {
        let meeting = input.record(groupId: groupId)
        try meeting.validate()
        return try await database.write(by: caller, clock: clock) { write in
            _ = try WorkingGroup.find(write.db, id: groupId)
            var meeting = meeting
            try write.insert(&meeting)
            return meeting
        }
    }

    /// Changes a meeting.
    public func updateMeeting(
        groupId: Int64, id: Int64, _ patch: MeetingPatch, by caller: Caller, ifMatch: Precondition<GroupMeeting>? = nil
    ) async throws -> GroupMeeting {
        try await database.write(by: caller, clock: clock) { write in
            let current = try GroupService.meeting(write.db, groupId: groupId, id: id)
            var meeting = current
            patch.apply(to: &meeting)
            try meeting.validate()
            try ifMatch.verify(current)
            try write.update(&meeting, from: current)
            return meeting
        }
    }

    /// Deletes a meeting.
    public func deleteMeeting(
        groupId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<GroupMeeting>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let meeting = try GroupService.meeting(write.db, groupId: groupId, id: id)
            try ifMatch.verify(meeting)
            try write.delete(meeting)
        }
    }

    /// The iCalendar feed of one group (`groupId`) or of every group (nil).
    public func calendar(groupId: Int64?) async throws -> String {
        try await database.read { db in
            var sql =
                "SELECT groupMeeting.*, workingGroup.name AS groupName FROM groupMeeting JOIN workingGroup ON workingGroup.id = groupMeeting.groupId"
            var arguments = StatementArguments()
            var name = "Groupes de travail France Numérique Ensemble (Gers)"
            if let groupId {
                let group = try WorkingGroup.find(db, id: groupId)
                name = "Groupe de travail « \(group.name) »"
                sql += " WHERE groupMeeting.groupId = ?"
                arguments = [groupId]
            }
            sql += " ORDER BY groupMeeting.startsAtUtc, groupMeeting.id"
            let events = try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                ICalendar.Event(meeting: try GroupMeeting(row: $0), groupName: $0["groupName"])
            }
            return ICalendar.document(name: name, events: events)
        }
    }

    // MARK: Rules and queries

    static func meeting(_ db: Database, groupId: Int64, id: Int64) throws -> GroupMeeting {
        guard let meeting = try GroupMeeting.fetchOne(db, key: id), meeting.groupId == groupId else {
            throw RoadmapError.notFound(GroupMeeting.self, id: id, of: WorkingGroup.self, groupId)
        }
        return meeting
    }
}
