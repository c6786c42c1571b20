import Foundation
import GRDB

/// Committees' meetings (``MeetingBook``, the same rules as working groups' meetings) and the
/// decisions recorded at them: a text, and the actions and grant requests it concerns, each of
/// which shows it (``ActionDetail/decisions``). A meeting with decisions is kept (409), and an
/// action or a grant request a decision concerns is not deleted.
extension GovernanceService {
    var meetingBook: MeetingBook<CommitteeMeeting> { MeetingBook(database: database, clock: clock) }

    /// The most actions, and grant requests, one decision concerns.
    static let maximumConcerned = 100

    /// One page of a committee's meetings, soonest first.
    public func meetings(committeeId: Int64, _ query: MeetingQuery) async throws -> Page<CommitteeMeeting> {
        try await meetingBook.page(organizerId: committeeId, query)
    }

    /// One meeting of a committee.
    public func meeting(committeeId: Int64, id: Int64) async throws -> CommitteeMeeting {
        try await meetingBook.meeting(organizerId: committeeId, id: id)
    }

    /// Records a meeting.
    public func createMeeting(
        committeeId: Int64, _ input: MeetingInput, by caller: Caller
    ) async throws -> CommitteeMeeting {
        try await meetingBook.create(organizerId: committeeId, input, by: caller)
    }

    /// Changes a meeting.
    public func updateMeeting(
        committeeId: Int64, id: Int64, _ patch: MeetingPatch, by caller: Caller,
        ifMatch: Precondition<CommitteeMeeting>? = nil
    ) async throws -> CommitteeMeeting {
        try await meetingBook.update(organizerId: committeeId, id: id, patch, by: caller, ifMatch: ifMatch)
    }

    /// Deletes a meeting that recorded no decision.
    public func deleteMeeting(
        committeeId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<CommitteeMeeting>? = nil
    ) async throws {
        try await meetingBook.delete(organizerId: committeeId, id: id, by: caller, ifMatch: ifMatch) { db, meeting in
            try DocumentService.checkNoneAttached(db, to: .committeeMeeting(id), "the meeting of \(meeting.startsAt)")
            let decisions = try MeetingDecision.filter(MeetingDecision.Columns.meetingId == id).limit(20).fetchAll(db)
            guard decisions.isEmpty else {
                throw RoadmapError.conflict(
                    detail: "The meeting of \(meeting.startsAt) recorded decisions; delete them first.",
                    references: decisions.map {
                        Reference(MeetingDecision.self, id: $0.id!, label: String($0.text.prefix(80)))
                    })
            }
        }
    }

    /// The iCalendar feed of one committee's meetings (`committeeId`), or of every committee's (nil).
    public func calendar(committeeId: Int64?) async throws -> String {
        let (name, entries) = try await meetingBook.calendarEntries(organizerId: committeeId)
        let title = name.map { "Comité « \($0) »" } ?? "Comités de la gouvernance France Numérique Ensemble (Gers)"
        return ICalendar.document(name: title, entries: entries)
    }

    // MARK: Decisions

    /// The decisions of a meeting, in the order they were recorded.
    public func decisions(committeeId: Int64, meetingId: Int64) async throws -> [DecisionDetail] {
        try await database.read { db in
            _ = try MeetingBook<CommitteeMeeting>.meeting(db, organizerId: committeeId, id: meetingId)
            let decisions = try MeetingDecision.filter(MeetingDecision.Columns.meetingId == meetingId)
                .order(MeetingDecision.Columns.id).fetchAll(db)
            return try decisions.map { try GovernanceService.decisionDetail(db, $0, committeeId: committeeId) }
        }
    }

    /// One decision of a meeting.
    public func decision(committeeId: Int64, meetingId: Int64, id: Int64) async throws -> DecisionDetail {
        try await database.read { db in
            try GovernanceService.decision(db, committeeId: committeeId, meetingId: meetingId, id: id)
        }
    }

    /// Records a decision.
    public func createDecision(
        committeeId: Int64, meetingId: Int64, _ input: DecisionInput, by caller: Caller
    ) async throws -> DecisionDetail {
        let decision = MeetingDecision(meetingId: meetingId, text: input.text)
        var faults = Validator()
        GovernanceService.checkConcerned(input.actionIds, input.grantIds, &faults)
        try decision.validate(adding: faults)
        return try await database.write(by: caller, clock: clock) { write in
            _ = try MeetingBook<CommitteeMeeting>.meeting(write.db, organizerId: committeeId, id: meetingId)
            try GovernanceService.checkConcernedExist(write.db, input.actionIds, input.grantIds)
            let actionIds = Set(input.actionIds).sorted()
            let grantIds = Set(input.grantIds).sorted()
            var decision = decision
            try write.insert(&decision) { decision in
                try GovernanceService.replaceConcerned(write.db, decisionId: decision.id!, actionIds, grantIds)
                return DecisionDetail.LogEntry(
                    detail: DecisionDetail(
                        decision: decision, committeeId: committeeId, actionIds: actionIds, grantIds: grantIds))
            }
            return try GovernanceService.decisionDetail(write.db, decision, committeeId: committeeId)
        }
    }

    /// Changes a decision; `actionIds` and `grantIds` replace what it concerns.
    public func updateDecision(
        committeeId: Int64, meetingId: Int64, id: Int64, _ patch: DecisionPatch, by caller: Caller,
        ifMatch: Precondition<DecisionDetail>? = nil
    ) async throws -> DecisionDetail {
        try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let current = try GovernanceService.decision(db, committeeId: committeeId, meetingId: meetingId, id: id)
            var decision = current.decision
            patch.text.apply(to: &decision.text)
            let actionIds = patch.actionIds.newValue ?? current.actionIds
            let grantIds = patch.grantIds.newValue ?? current.grantIds
            var faults = Validator()
            GovernanceService.checkConcerned(actionIds, grantIds, &faults)
            try decision.validate(adding: faults)
            try ifMatch.verify(current)
            try GovernanceService.checkConcernedExist(
                db, patch.actionIds.newValue ?? [], patch.grantIds.newValue ?? [])
            var next = current
            next.actionIds = Set(actionIds).sorted()
            next.grantIds = Set(grantIds).sorted()
            let relatedChanged = next.actionIds != current.actionIds || next.grantIds != current.grantIds
            let changed = try write.update(
                &decision, from: current.decision, relatedChanged: relatedChanged,
                loggedFrom: DecisionDetail.LogEntry(detail: current)
            ) { decision in
                if relatedChanged {
                    try GovernanceService.replaceConcerned(db, decisionId: id, next.actionIds, next.grantIds)
                }
                next.decision = decision
                return DecisionDetail.LogEntry(detail: next)
            }
            return changed ? try GovernanceService.decisionDetail(db, decision, committeeId: committeeId) : current
        }
    }

    /// Deletes a decision (what it concerns no longer shows it).
    public func deleteDecision(
        committeeId: Int64, meetingId: Int64, id: Int64, by caller: Caller,
        ifMatch: Precondition<DecisionDetail>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try GovernanceService.decision(
                write.db, committeeId: committeeId, meetingId: meetingId, id: id)
            try ifMatch.verify(detail)
            try GovernanceService.replaceConcerned(write.db, decisionId: id, [], [])
            try detail.decision.delete(write.db)
            try write.logDeleted(MeetingDecision.self, id: id, DecisionDetail.LogEntry(detail: detail))
        }
    }

    // MARK: Rules and queries

    static func checkConcerned(_ actionIds: [Int64], _ grantIds: [Int64], _ v: inout Validator) {
        for (field, ids) in [("actionIds", actionIds), ("grantIds", grantIds)] {
            v.require(ids.count <= maximumConcerned, field, "must list at most \(maximumConcerned) ids")
            v.require(Set(ids).count == ids.count, field, "must not repeat an id")
        }
    }

    /// Every id names an action, or a grant request (→ 422 naming each one that does not).
    static func checkConcernedExist(_ db: Database, _ actionIds: [Int64], _ grantIds: [Int64]) throws {
        var errors: [FieldError] = []
        for (index, id) in actionIds.enumerated() where try !Action.exists(db, primaryKey: id) {
            errors.append(FieldError(field: "actionIds[\(index)]", message: "no action has id \(id)"))
        }
        for (index, id) in grantIds.enumerated() where try !GrantRequest.exists(db, primaryKey: id) {
            errors.append(FieldError(field: "grantIds[\(index)]", message: "no grant request has id \(id)"))
        }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    private static func replaceConcerned(
        _ db: Database, decisionId: Int64, _ actionIds: [Int64], _ grantIds: [Int64]
    ) throws {
        try DecisionAction.filter(DecisionAction.Columns.decisionId == decisionId).deleteAll(db)
        try DecisionGrant.filter(DecisionGrant.Columns.decisionId == decisionId).deleteAll(db)
        for id in actionIds { try DecisionAction(decisionId: decisionId, actionId: id).insert(db) }
        for id in grantIds { try DecisionGrant(decisionId: decisionId, grantId: id).insert(db) }
    }

    static func decision(_ db: Database, committeeId: Int64, meetingId: Int64, id: Int64) throws -> DecisionDetail {
        _ = try MeetingBook<CommitteeMeeting>.meeting(db, organizerId: committeeId, id: meetingId)
        guard let decision = try MeetingDecision.fetchOne(db, primaryKey: id), decision.meetingId == meetingId else {
            throw RoadmapError.notFound(MeetingDecision.self, id: id, of: CommitteeMeeting.self, meetingId)
        }
        return try decisionDetail(db, decision, committeeId: committeeId)
    }

    static func decisionDetail(
        _ db: Database, _ decision: MeetingDecision, committeeId: Int64
    ) throws
        -> DecisionDetail
    {
        let id = decision.id!
        return DecisionDetail(
            decision: decision, committeeId: committeeId,
            actionIds: try Int64.fetchAll(
                db, sql: "SELECT actionId FROM decisionAction WHERE decisionId = ? ORDER BY actionId", arguments: [id]),
            grantIds: try Int64.fetchAll(
                db, sql: "SELECT grantId FROM decisionGrant WHERE decisionId = ? ORDER BY grantId", arguments: [id]))
    }

    /// What decisions can concern, and the table linking them.
    enum Concerned {
        case actions, grants

        /// (link table, its column naming what is concerned).
        var link: (table: String, column: String) {
            switch self {
            case .actions: (DecisionAction.databaseTableName, "actionId")
            case .grants: (DecisionGrant.databaseTableName, "grantId")
            }
        }
    }

    /// The decisions that concern each of `ids` (actions or grant requests), by meeting start
    /// then decision.
    static func mentions(_ db: Database, _ concerned: Concerned, ids: [Int64]) throws -> [Int64: [DecisionMention]] {
        guard !ids.isEmpty else { return [:] }
        let (table, column) = concerned.link
        // One kept statement per kind of subject, whatever the number of ids.
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(table).\(column) AS concernedId, meetingDecision.id, meetingDecision.text,
                       committeeMeeting.id AS meetingId, committeeMeeting.startsAt, committee.id AS committeeId, committee.name
                  FROM \(table)
                  JOIN meetingDecision ON meetingDecision.id = \(table).decisionId
                  JOIN committeeMeeting ON committeeMeeting.id = meetingDecision.meetingId
                  JOIN committee ON committee.id = committeeMeeting.committeeId
                 WHERE \(table).\(column) IN (SELECT value FROM json_each(?))
                 ORDER BY committeeMeeting.startsAtUtc, meetingDecision.id
                """)
        let rows = try Row.fetchAll(statement, arguments: [ReusedStatements.jsonArray(ids)])
        return Dictionary(grouping: rows, by: { $0["concernedId"] as Int64 }).mapValues { rows in
            rows.map {
                DecisionMention(
                    decisionId: $0["id"], committeeId: $0["committeeId"], committeeName: $0["name"],
                    meetingId: $0["meetingId"], meetingStartsAt: $0["startsAt"], text: $0["text"])
            }
        }
    }
}
