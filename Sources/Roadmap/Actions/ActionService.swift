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
        let (start, end) = try ActionService.validate(input)
        let now = clock.now
        let today = clock.today
        return try await database.write { db in
            try ActionService.checkReferences(db, axisId: input.axisId, groupId: input.groupId, leadPartnerId: input.leadPartnerId, contributorIds: input.contributorIds)
            guard ActionWorkflow.initial.contains(input.status) else {
                throw RoadmapError.conflict(detail: "A new action starts as draft or planned, not \(input.status.rawValue); move it along the workflow afterwards.")
            }
            var action = Action(axisId: input.axisId, groupId: input.groupId, leadPartnerId: input.leadPartnerId, title: input.title,
                                description: input.description, status: input.status, startOn: start, endOn: end, budgetCents: input.budgetCents,
                                targetAudience: input.targetAudience, notes: input.notes, createdAt: now, updatedAt: now)
            action.progressBasisPoints = ActionProgress.basisPoints(status: action.status, indicators: [])
            try action.insert(db)
            try ActionService.replaceContributors(db, actionId: action.id!, with: input.contributorIds)
            let detail = try ActionService.detail(db, id: action.id!, today: today)
            try ChangeLog.created(db, "action", id: action.id!, ActionDetail.LogEntry(detail: detail), by: caller, at: now)
            return detail
        }
    }

    /// Changes an action; a new `status` must follow the workflow.
    public func update(id: Int64, _ patch: ActionPatch, by caller: Caller, ifMatch: Precondition<ActionDetail>? = nil) async throws -> ActionDetail {
        try ActionService.validate(patch)
        let now = clock.now
        let today = clock.today
        return try await database.write { db in
            let current = try ActionService.detail(db, id: id, today: today)
            try ifMatch.verify(current)
            var action = current.action
            patch.axisId.apply(to: &action.axisId)
            patch.groupId.apply(to: &action.groupId)
            patch.leadPartnerId.apply(to: &action.leadPartnerId)
            if let title = patch.title.newValue {
                action.title = title
                action.titleKey = TextKey.fold(title)
            }
            patch.description.apply(to: &action.description)
            if let status = patch.status.newValue {
                try ActionWorkflow.check(from: current.action.status, to: status)
                action.status = status
            }
            if let start = patch.startOn.newValue { action.startOn = start.flatMap(CalendarDate.init) }
            if let end = patch.endOn.newValue { action.endOn = end.flatMap(CalendarDate.init) }
            if let start = action.startOn, let end = action.endOn, end < start {
                throw RoadmapError.invalid("endOn", "must not be before startOn (\(start))")
            }
            patch.budgetCents.apply(to: &action.budgetCents)
            patch.targetAudience.apply(to: &action.targetAudience)
            patch.notes.apply(to: &action.notes)
            let contributors = patch.contributorIds.newValue ?? current.contributorIds
            try ActionService.checkReferences(db, axisId: action.axisId, groupId: action.groupId, leadPartnerId: action.leadPartnerId,
                                              contributorIds: patch.contributorIds.newValue ?? [])
            action.progressBasisPoints = ActionProgress.basisPoints(status: action.status, indicators: current.indicators)
            let contributorsChanged = Set(contributors) != Set(current.contributorIds)
            guard action != current.action || contributorsChanged else { return current }
            action.updatedAt = now
            try action.update(db)
            if contributorsChanged { try ActionService.replaceContributors(db, actionId: id, with: contributors) }
            let detail = try ActionService.detail(db, id: id, today: today)
            try ChangeLog.updated(db, "action", id: id, from: ActionDetail.LogEntry(detail: current), to: ActionDetail.LogEntry(detail: detail), by: caller, at: now)
            return detail
        }
    }

    /// Deletes an action with its indicators and contributor links; refused while funding
    /// (allocations, co-financing lines) refers to it.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<ActionDetail>? = nil) async throws {
        let now = clock.now
        let today = clock.today
        try await database.write { db in
            let detail = try ActionService.detail(db, id: id, today: today)
            try ifMatch.verify(detail)
            let references = try Row.fetchAll(db, sql: """
                SELECT 'fundingAllocation' AS entity, fundingAllocation.id, fundingEnvelope.label || ' (' || fundingAllocation.amountCents || ' cents)' AS label
                  FROM fundingAllocation JOIN fundingEnvelope ON fundingEnvelope.id = fundingAllocation.envelopeId WHERE fundingAllocation.actionId = :id
                UNION ALL SELECT 'financingLine', financingLine.id, partner.name FROM financingLine JOIN partner ON partner.id = financingLine.funderId
                  WHERE financingLine.actionId = :id
                LIMIT 20
                """, arguments: ["id": id]).map { Reference(entity: $0["entity"], id: $0["id"], label: $0["label"]) }
            guard references.isEmpty else {
                throw RoadmapError.conflict(detail: "« \(detail.action.title) » is funded; remove its allocations and co-financing lines first.", references: references)
            }
            for indicator in detail.indicators {
                try ChangeLog.deleted(db, "actionIndicator", id: indicator.id!, indicator, by: caller, at: now)
            }
            try detail.action.delete(db)
            try ChangeLog.deleted(db, "action", id: id, ActionDetail.LogEntry(detail: detail), by: caller, at: now)
        }
    }

    // MARK: Rules

    /// Field rules of a new action; returns its dates.
    static func validate(_ input: ActionInput) throws -> (CalendarDate?, CalendarDate?) {
        var v = Validator()
        v.atLeast(input.axisId, "axisId", 1)
        if let id = input.groupId { v.atLeast(id, "groupId", 1) }
        if let id = input.leadPartnerId { v.atLeast(id, "leadPartnerId", 1) }
        v.require(input.contributorIds.count <= 100, "contributorIds", "must list at most 100 partners")
        v.require(Set(input.contributorIds).count == input.contributorIds.count, "contributorIds", "must not repeat a partner")
        v.line(input.title, "title")
        v.paragraph(input.description, "description")
        v.paragraph(input.targetAudience, "targetAudience", maxLength: 2_000)
        v.paragraph(input.notes, "notes")
        if let budget = input.budgetCents { v.cents(budget, "budgetCents", allowZero: true) }
        let start = date(input.startOn, "startOn", &v)
        let end = date(input.endOn, "endOn", &v)
        if let start, let end { v.require(end >= start, "endOn", "must not be before startOn (\(start))") }
        try v.finish()
        return (start, end)
    }

    static func validate(_ patch: ActionPatch) throws {
        var v = Validator()
        if let id = patch.axisId.newValue { v.atLeast(id, "axisId", 1) }
        if case .set(let id?) = patch.groupId { v.atLeast(id, "groupId", 1) }
        if case .set(let id?) = patch.leadPartnerId { v.atLeast(id, "leadPartnerId", 1) }
        if let ids = patch.contributorIds.newValue {
            v.require(ids.count <= 100, "contributorIds", "must list at most 100 partners")
            v.require(Set(ids).count == ids.count, "contributorIds", "must not repeat a partner")
        }
        v.line(patch.title.newValue, "title")
        if case .set(let text?) = patch.description { v.paragraph(text, "description") }
        if case .set(let text?) = patch.targetAudience { v.paragraph(text, "targetAudience", maxLength: 2_000) }
        if case .set(let text?) = patch.notes { v.paragraph(text, "notes") }
        if case .set(let budget?) = patch.budgetCents { v.cents(budget, "budgetCents", allowZero: true) }
        if case .set(let text?) = patch.startOn { _ = date(text, "startOn", &v) }
        if case .set(let text?) = patch.endOn { _ = date(text, "endOn", &v) }
        try v.finish()
    }

    static func date(_ text: String?, _ field: String, _ v: inout Validator) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(text) else {
            v.fail(field, "must be a date YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// Every referenced row must exist, and the group must belong to the action's axis (→ 422
    /// naming the field).
    static func checkReferences(_ db: Database, axisId: Int64, groupId: Int64?, leadPartnerId: Int64?, contributorIds: [Int64]) throws {
        var errors: [FieldError] = []
        let axisExists = try Axis.exists(db, key: axisId)
        if !axisExists { errors.append(FieldError(field: "axisId", message: "no axis has id \(axisId)")) }
        if let groupId {
            if let group = try WorkingGroup.fetchOne(db, key: groupId) {
                if axisExists, group.axisId != axisId {
                    let number = try Int.fetchOne(db, sql: "SELECT number FROM axis WHERE id = ?", arguments: [group.axisId]) ?? 0
                    errors.append(FieldError(field: "groupId", message: "group « \(group.name) » works on axis \(number), not on this action's axis; choose a group of the same axis"))
                }
            } else {
                errors.append(FieldError(field: "groupId", message: "no working group has id \(groupId)"))
            }
        }
        if let leadPartnerId, try !Partner.exists(db, key: leadPartnerId) {
            errors.append(FieldError(field: "leadPartnerId", message: "no partner has id \(leadPartnerId)"))
        }
        for (index, id) in contributorIds.enumerated() where try !Partner.exists(db, key: id) {
            errors.append(FieldError(field: "contributorIds[\(index)]", message: "no partner has id \(id)"))
        }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    private static func replaceContributors(_ db: Database, actionId: Int64, with ids: [Int64]) throws {
        try ActionPartner.filter(ActionPartner.Columns.actionId == actionId).deleteAll(db)
        for id in Set(ids).sorted() { try ActionPartner(actionId: actionId, partnerId: id).insert(db) }
    }

    // MARK: Queries

    static func fetch(_ db: Database, id: Int64) throws -> Action {
        guard let action = try Action.fetchOne(db, key: id) else { throw RoadmapError.notFound(entity: "action", id: String(id)) }
        return action
    }

    static func detail(_ db: Database, id: Int64, today: CalendarDate) throws -> ActionDetail {
        try details(db, [try fetch(db, id: id)], today: today)[0]
    }

    /// Contributors and indicators of several actions in two queries.
    static func details(_ db: Database, _ actions: [Action], today: CalendarDate) throws -> [ActionDetail] {
        let ids = actions.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let contributors = Dictionary(grouping: try ActionPartner.filter(ids.contains(ActionPartner.Columns.actionId)).fetchAll(db), by: \.actionId)
        let indicators = Dictionary(grouping: try ActionIndicator.filter(ids.contains(ActionIndicator.Columns.actionId)).order(ActionIndicator.Columns.id).fetchAll(db), by: \.actionId)
        return actions.map { action in
            ActionDetail(action: action, contributorIds: (contributors[action.id!] ?? []).map(\.partnerId).sorted(),
                         indicators: indicators[action.id!] ?? [], isLate: isLate(action, today: today))
        }
    }

    static func isLate(_ action: Action, today: CalendarDate) -> Bool {
        guard let end = action.endOn else { return false }
        return end < today && action.status != .done && action.status != .abandoned
    }
}
