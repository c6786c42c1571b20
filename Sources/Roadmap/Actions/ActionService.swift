import Foundation
import GRDB

/// The operational actions and their rules: an axis (required), a working group of the same
/// axis, existing partners, an end not before the start, a budget of 0 or more, the status
/// workflow, and no deletion while funding refers to the action.
public struct ActionService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// The action with this id.
    public func get(id: Int64) async throws -> ActionDetail {
        let today = clock.today
        return try await database.read { db in try ActionService.detail(db, id: id, today: today) }
    }

    /// Adds an action.
    public func create(_ input: ActionInput, by caller: Caller) async throws -> ActionDetail {
        var faults = Validator()
        let action = input.record(&faults)
        ActionService.checkContributors(input.contributorIds, &faults)
        try action.validate(adding: faults)
        let today = clock.today
        return try await database.write(by: caller, clock: clock) { write in
            try ActionService.checkReferences(write.db, action, contributorIds: input.contributorIds)
            guard ActionWorkflow.initial.contains(action.status) else {
                throw RoadmapError.conflict(
                    detail:
                        "A new action starts as draft or planned, not \(action.status.rawValue); move it along the workflow afterwards."
                )
            }
            var action = action
            action.progressBasisPoints = ActionProgress.basisPoints(status: action.status, indicators: [])
            try write.insert(&action) { action in
                try ActionService.replaceContributors(write.db, actionId: action.id!, with: input.contributorIds)
                return ActionDetail.LogEntry(detail: try ActionService.detail(write.db, id: action.id!, today: today))
            }
            return try ActionService.detail(write.db, id: action.id!, today: today)
        }
    }

    /// Changes an action; a new `status` must follow the workflow.
    public func update(
        id: Int64, _ patch: ActionPatch, by caller: Caller, ifMatch: Precondition<ActionDetail>? = nil
    ) async throws -> ActionDetail {
        let today = clock.today
        return try await database.write(by: caller, clock: clock) { write in
            let current = try ActionService.detail(write.db, id: id, today: today)
            var faults = Validator()
            var action = current.action
            patch.apply(to: &action, &faults)
            let contributors = patch.contributorIds.newValue ?? current.contributorIds
            ActionService.checkContributors(contributors, &faults)
            try action.validate(adding: faults)
            try ifMatch.verify(current)
            if action.status != current.action.status {
                try ActionWorkflow.check(from: current.action.status, to: action.status)
            }
            // Contributors already stored are not checked again; the ones the patch names are.
            try ActionService.checkReferences(write.db, action, contributorIds: patch.contributorIds.newValue ?? [])
            action.progressBasisPoints = ActionProgress.basisPoints(
                status: action.status, indicators: current.indicators)
            let contributorsChanged = Set(contributors) != Set(current.contributorIds)
            let changed = try write.update(
                &action, from: current.action, relatedChanged: contributorsChanged,
                loggedFrom: ActionDetail.LogEntry(detail: current)
            ) { _ in
                if contributorsChanged {
                    try ActionService.replaceContributors(write.db, actionId: id, with: contributors)
                }
                return ActionDetail.LogEntry(detail: try ActionService.detail(write.db, id: id, today: today))
            }
            return changed ? try ActionService.detail(write.db, id: id, today: today) : current
        }
    }

    /// Deletes an action with its indicators and contributor links; refused while funding
    /// (allocations, co-financing lines) refers to it.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<ActionDetail>? = nil) async throws {
        let today = clock.today
        try await database.write(by: caller, clock: clock) { write in
            let detail = try ActionService.detail(write.db, id: id, today: today)
            try ifMatch.verify(detail)
            try DocumentService.checkNoneAttached(write.db, to: .action(id), "« \(detail.action.title) »")
            let references = try Row.fetchAll(
                write.db,
                sql: """
                    SELECT '\(FundingAllocation.databaseTableName)' AS entity, fundingAllocation.id,
                           fundingEnvelope.label || ' (' || fundingAllocation.amountCents || ' cents)' AS label
                      FROM fundingAllocation JOIN fundingEnvelope ON fundingEnvelope.id = fundingAllocation.envelopeId WHERE fundingAllocation.actionId = :id
                    UNION ALL SELECT '\(FinancingLine.databaseTableName)', financingLine.id, partner.name FROM financingLine JOIN partner ON partner.id = financingLine.funderId
                      WHERE financingLine.actionId = :id
                    UNION ALL SELECT '\(GrantRequest.databaseTableName)', grantRequest.id, fundingEnvelope.label || ' (grant request, ' || grantRequest.status || ')'
                      FROM grantRequest JOIN fundingEnvelope ON fundingEnvelope.id = grantRequest.envelopeId WHERE grantRequest.actionId = :id
                    UNION ALL SELECT '\(MeetingDecision.databaseTableName)', decisionId, 'decision ' || decisionId FROM decisionAction WHERE actionId = :id
                    LIMIT 20
                    """, arguments: ["id": id]
            ).map { Reference(entity: $0["entity"], id: $0["id"], label: $0["label"]) }
            guard references.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(detail.action.title) » is funded or decided on; remove its allocations, co-financing lines and grant requests, and take it out of the decisions that concern it, first.",
                    references: references)
            }
            for indicator in detail.indicators { try ActionService.deleteWithMeasurements(write, indicator) }
            try detail.action.delete(write.db)
            try write.logDeleted(Action.self, id: id, ActionDetail.LogEntry(detail: detail))
        }
    }

    // MARK: Rules

    /// The contributors of an action: at most 100, none twice.
    static func checkContributors(_ ids: [Int64], _ v: inout Validator) {
        v.require(ids.count <= 100, "contributorIds", "must list at most 100 partners")
        v.require(Set(ids).count == ids.count, "contributorIds", "must not repeat a partner")
    }

    /// Every referenced row must exist, and the group must belong to the action's axis (→ 422
    /// naming the field).
    static func checkReferences(_ db: Database, _ action: Action, contributorIds: [Int64]) throws {
        let (axisId, groupId, leadPartnerId) = (action.axisId, action.groupId, action.leadPartnerId)
        var errors: [FieldError] = []
        let axisExists = try Axis.exists(db, primaryKey: axisId)
        if !axisExists { errors.append(FieldError(field: "axisId", message: "no axis has id \(axisId)")) }
        if let groupId {
            if let group = try WorkingGroup.fetchOne(db, primaryKey: groupId) {
                if axisExists, group.axisId != axisId {
                    let number =
                        try Int.fetchOne(db, sql: "SELECT number FROM axis WHERE id = ?", arguments: [group.axisId])
                        ?? 0
                    errors.append(
                        FieldError(
                            field: "groupId",
                            message:
                                "group « \(group.name) » works on axis \(number), not on this action's axis; choose a group of the same axis"
                        ))
                }
            } else {
                errors.append(FieldError(field: "groupId", message: "no working group has id \(groupId)"))
            }
        }
        if let leadPartnerId, try !Partner.exists(db, primaryKey: leadPartnerId) {
            errors.append(FieldError(field: "leadPartnerId", message: "no partner has id \(leadPartnerId)"))
        }
        for (index, id) in contributorIds.enumerated() where try !Partner.exists(db, primaryKey: id) {
            errors.append(FieldError(field: "contributorIds[\(index)]", message: "no partner has id \(id)"))
        }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    private static func replaceContributors(_ db: Database, actionId: Int64, with ids: [Int64]) throws {
        try ActionPartner.filter(ActionPartner.Columns.actionId == actionId).deleteAll(db)
        for id in Set(ids).sorted() { try ActionPartner(actionId: actionId, partnerId: id).insert(db) }
    }

    // MARK: Queries

    static func detail(_ db: Database, id: Int64, today: CalendarDate) throws -> ActionDetail {
        try details(db, [try Action.find(db, id: id)], today: today)[0]
    }

    /// Contributors and indicators of several actions in two queries.
    static func details(_ db: Database, _ actions: [Action], today: CalendarDate) throws -> [ActionDetail] {
        let ids = actions.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let contributors = Dictionary(
            grouping: try ActionPartner.fetchAll(db, where: ActionPartner.Columns.actionId, in: ids), by: \.actionId)
        let indicators = Dictionary(
            grouping: try ActionIndicator.fetchAll(
                db, where: ActionIndicator.Columns.actionId, in: ids, orderBy: ActionIndicator.Columns.id),
            by: \.actionId)
        let decisions = try GovernanceService.mentions(db, .actions, ids: ids)
        return actions.map { action in
            ActionDetail(
                action: action, contributorIds: (contributors[action.id!] ?? []).map(\.partnerId).sorted(),
                indicators: indicators[action.id!] ?? [], isLate: isLate(action, today: today),
                decisions: decisions[action.id!] ?? [])
        }
    }

    static func isLate(_ action: Action, today: CalendarDate) -> Bool {
        guard let end = action.endOn else { return false }
        return end < today && action.status != .done && action.status != .abandoned
    }
}
