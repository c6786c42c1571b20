import Foundation
import GRDB

/// Meetings of a group: start and end as ISO 8601 instants with an offset, the end after the
/// start; place, agenda and minutes as free text. Also the iCalendar feeds.
extension GroupService {
    /// One page of a group's meetings, soonest first.
    public func meetings(groupId: Int64, _ query: MeetingQuery) async throws -> Page<GroupMeeting> {
        if let from = query.from, let to = query.to, to < from { throw RoadmapError.invalid("to", "must not be before from") }
        let sort = try SortOrder.parse("startsAt", default: "startsAt", allowed: ["startsAt": "startsAtUtc"])
        return try await database.read { db in
            _ = try GroupService.fetch(db, id: groupId)
            let alias = TableAlias<GroupMeeting>()
            var request = GroupMeeting.all().aliased(alias).filter(GroupMeeting.Columns.groupId == groupId)
            if let from = query.from { request = request.filter(GroupMeeting.Columns.startsAtUtc >= from) }
            if let to = query.to { request = request.filter(GroupMeeting.Columns.startsAtUtc < to) }
            return try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page) { ($0.startsAtUtc.databaseValue, $0.id!) }
        }
    }

    /// One meeting of a group.
    public func meeting(groupId: Int64, id: Int64) async throws -> GroupMeeting {
        try await database.read { db in try GroupService.meeting(db, groupId: groupId, id: id) }
    }

    /// Records a meeting.
    public func createMeeting(groupId: Int64, _ input: MeetingInput, by caller: Caller) async throws -> GroupMeeting {
        let (start, end) = try GroupService.validate(startsAt: input.startsAt, endsAt: input.endsAt, place: input.place, agenda: input.agenda, minutes: input.minutes)
        let now = clock.now
        return try await database.write { db in
            _ = try GroupService.fetch(db, id: groupId)
            var meeting = GroupMeeting(groupId: groupId, startsAt: input.startsAt, endsAt: input.endsAt, startsAtUtc: start, endsAtUtc: end,
                                       place: input.place, agenda: input.agenda, minutes: input.minutes, createdAt: now, updatedAt: now)
            try meeting.insert(db)
            try ChangeLog.created(db, "groupMeeting", id: meeting.id!, meeting, by: caller, at: now)
            return meeting
        }
    }

    /// Changes a meeting.
    public func updateMeeting(groupId: Int64, id: Int64, _ patch: MeetingPatch, by caller: Caller, ifMatch: Precondition<GroupMeeting>? = nil) async throws -> GroupMeeting {
        var v = Validator()
        if let text = patch.startsAt.newValue, Instants.parse(text) == nil { v.fail("startsAt", GroupService.instantRule) }
        if let text = patch.endsAt.newValue, Instants.parse(text) == nil { v.fail("endsAt", GroupService.instantRule) }
        if case .set(let place?) = patch.place { v.line(place, "place") }
        if case .set(let agenda?) = patch.agenda { v.paragraph(agenda, "agenda") }
        if case .set(let minutes?) = patch.minutes { v.paragraph(minutes, "minutes") }
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            let current = try GroupService.meeting(db, groupId: groupId, id: id)
            try ifMatch.verify(current)
            var meeting = current
            if let text = patch.startsAt.newValue, let instant = Instants.parse(text) {
                meeting.startsAt = text
                meeting.startsAtUtc = instant
            }
            if let text = patch.endsAt.newValue, let instant = Instants.parse(text) {
                meeting.endsAt = text
                meeting.endsAtUtc = instant
            }
            guard meeting.endsAtUtc > meeting.startsAtUtc else {
                throw RoadmapError.invalid("endsAt", "must be after startsAt (\(meeting.startsAt))")
            }
            patch.place.apply(to: &meeting.place)
            patch.agenda.apply(to: &meeting.agenda)
            patch.minutes.apply(to: &meeting.minutes)
            guard meeting != current else { return current }
            meeting.updatedAt = now
            try meeting.update(db)
            try ChangeLog.updated(db, "groupMeeting", id: id, from: current, to: meeting, by: caller, at: now)
            return meeting
        }
    }

    /// Deletes a meeting.
    public func deleteMeeting(groupId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<GroupMeeting>? = nil) async throws {
        let now = clock.now
        try await database.write { db in
            let meeting = try GroupService.meeting(db, groupId: groupId, id: id)
            try ifMatch.verify(meeting)
            try meeting.delete(db)
            try ChangeLog.deleted(db, "groupMeeting", id: id, meeting, by: caller, at: now)
        }
    }

    /// The iCalendar feed of one group (`groupId`) or of every group (nil).
    public func calendar(groupId: Int64?) async throws -> String {
        try await database.read { db in
            var sql = "SELECT groupMeeting.*, workingGroup.name AS groupName FROM groupMeeting JOIN workingGroup ON workingGroup.id = groupMeeting.groupId"
            var arguments = StatementArguments()
            var name = "Groupes de travail France Numérique Ensemble (Gers)"
            if let groupId {
                let group = try GroupService.fetch(db, id: groupId)
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

    static let instantRule = "must be an ISO 8601 date and time with an offset, e.g. 2025-03-10T14:00:00+01:00"

    static func validate(startsAt: String, endsAt: String, place: String?, agenda: String?, minutes: String?) throws -> (Date, Date) {
        var v = Validator()
        let start = Instants.parse(startsAt)
        let end = Instants.parse(endsAt)
        if start == nil { v.fail("startsAt", instantRule) }
        if end == nil { v.fail("endsAt", instantRule) }
        if let start, let end, end <= start { v.fail("endsAt", "must be after startsAt") }
        v.line(place, "place")
        v.paragraph(agenda, "agenda")
        v.paragraph(minutes, "minutes")
        try v.finish()
        return (start!, end!)
    }

    static func meeting(_ db: Database, groupId: Int64, id: Int64) throws -> GroupMeeting {
        guard let meeting = try GroupMeeting.fetchOne(db, key: id), meeting.groupId == groupId else {
            throw RoadmapError.notFound(entity: "meeting", id: "\(id) of group \(groupId)")
        }
        return meeting
    }
}
