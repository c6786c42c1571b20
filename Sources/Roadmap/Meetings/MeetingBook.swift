import Foundation
import GRDB

/// The meetings of one kind of organizer (working groups, committees): the one implementation
/// of listing, reading, recording, changing and deleting meetings and of their calendar feed,
/// which ``GroupService`` and ``GovernanceService`` expose for their organizers.
struct MeetingBook<M: Meeting>: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    /// One page of an organizer's meetings, soonest first.
    func page(organizerId: Int64, _ query: MeetingQuery) async throws -> Page<M> {
        if let from = query.from, let to = query.to, to < from {
            throw RoadmapError.invalid("to", "must not be before from")
        }
        return try await database.read { db in
            _ = try M.Organizer.find(db, id: organizerId)
            let alias = TableAlias<M>()
            var request = M.all().aliased(alias).filter(M.organizerColumn == organizerId)
            if let from = query.from { request = request.filter(MeetingColumns.startsAtUtc >= from) }
            if let to = query.to { request = request.filter(MeetingColumns.startsAtUtc < to) }
            let sort = SortOrder(name: "startsAt", expression: alias[MeetingColumns.startsAtUtc], descending: false)
            return try Keyset.fetch(db, request, id: alias[MeetingColumns.id], sort: sort, page: query.page) {
                ($0.startsAtUtc.databaseValue, $0.id!)
            }
        }
    }

    /// One meeting of an organizer.
    func meeting(organizerId: Int64, id: Int64) async throws -> M {
        try await database.read { db in try MeetingBook.meeting(db, organizerId: organizerId, id: id) }
    }

    /// Records a meeting.
    func create(organizerId: Int64, _ input: MeetingInput, by caller: Caller) async throws -> M {
        let meeting = M(organizerId: organizerId, input)
        try meeting.validate()
        return try await database.write(by: caller, clock: clock) { write in
            _ = try M.Organizer.find(write.db, id: organizerId)
            var meeting = meeting
            try write.insert(&meeting)
            return meeting
        }
    }

    /// Changes a meeting.
    func update(
        organizerId: Int64, id: Int64, _ patch: MeetingPatch, by caller: Caller, ifMatch: Precondition<M>? = nil
    ) async throws -> M {
        try await database.write(by: caller, clock: clock) { write in
            let current = try MeetingBook.meeting(write.db, organizerId: organizerId, id: id)
            var meeting = current
            patch.apply(to: &meeting)
            try meeting.validate()
            try ifMatch.verify(current)
            try write.update(&meeting, from: current)
            return meeting
        }
    }

    /// Deletes a meeting once `check` (what still refers to it) lets it go.
    func delete(
        organizerId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<M>? = nil,
        check: @escaping @Sendable (Database, M) throws -> Void = { _, _ in }
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let meeting = try MeetingBook.meeting(write.db, organizerId: organizerId, id: id)
            try ifMatch.verify(meeting)
            try check(write.db, meeting)
            try write.delete(meeting)
        }
    }

    /// The calendar events of one organizer's meetings (`organizerId`) or of all of them (nil),
    /// by start; with the organizer's name, or nil when `organizerId` does not exist.
    func calendarEntries(organizerId: Int64?) async throws -> (organizerName: String?, entries: [ICalendar.Entry]) {
        try await database.read { db in
            let meeting = M.databaseTableName
            let organizer = M.Organizer.databaseTableName
            var sql = """
                SELECT \(meeting).*, \(organizer).name AS organizerName FROM \(meeting)
                  JOIN \(organizer) ON \(organizer).id = \(meeting).\(M.organizerColumn.name)
                """
            var arguments = StatementArguments()
            var organizerName: String?
            if let organizerId {
                organizerName = try String.fetchOne(
                    db, sql: "SELECT name FROM \(organizer) WHERE id = ?", arguments: [organizerId])
                guard organizerName != nil else { throw RoadmapError.notFound(M.Organizer.self, id: organizerId) }
                sql += " WHERE \(meeting).\(M.organizerColumn.name) = ?"
                arguments = [organizerId]
            }
            sql += " ORDER BY \(meeting).startsAtUtc, \(meeting).id"
            let entries = try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                try M(row: $0).calendarEntry(organizerName: $0["organizerName"])
            }
            return (organizerName, entries)
        }
    }

    static func meeting(_ db: Database, organizerId: Int64, id: Int64) throws -> M {
        guard let meeting = try M.fetchOne(db, primaryKey: id), meeting.organizerId == organizerId else {
            throw RoadmapError.notFound(M.self, id: id, of: M.Organizer.self, organizerId)
        }
        return meeting
    }
}
