import Foundation
import GRDB

/// Indicators of an action (« médiateurs formés », « ordinateurs reconditionnés »). Every
/// change recomputes the action's progress in the same transaction.
extension ActionService {
    /// The indicators of an action.
    public func indicators(actionId: Int64) async throws -> [ActionIndicator] {
        try await database.read { db in
            _ = try ActionService.fetch(db, id: actionId)
            return try ActionIndicator.filter(ActionIndicator.Columns.actionId == actionId).order(ActionIndicator.Columns.id).fetchAll(db)
        }
    }

    /// Adds an indicator.
    public func addIndicator(actionId: Int64, _ input: IndicatorInput, by caller: Caller) async throws -> ActionIndicator {
        var v = Validator()
        ActionService.checkIndicator(name: input.name, unit: input.unit, target: input.targetValue, current: input.currentValue,
                                     baseline: input.baselineValue, &v)
        let measured = ActionService.date(input.measuredOn, "measuredOn", &v)
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            _ = try ActionService.fetch(db, id: actionId)
            var indicator = ActionIndicator(actionId: actionId, name: input.name, unit: input.unit, targetValue: input.targetValue,
                                            currentValue: input.currentValue, baselineValue: input.baselineValue, measuredOn: measured,
                                            createdAt: now, updatedAt: now)
            try indicator.insert(db)
            try ChangeLog.created(db, "actionIndicator", id: indicator.id!, indicator, by: caller, at: now)
            try ActionService.refreshProgress(db, actionId: actionId, at: now)
            return indicator
        }
    }

    /// Changes an indicator, typically to record a new measurement.
    public func updateIndicator(actionId: Int64, id: Int64, _ patch: IndicatorPatch, by caller: Caller) async throws -> ActionIndicator {
        var v = Validator()
        if case .set(let text?) = patch.measuredOn { _ = ActionService.date(text, "measuredOn", &v) }
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            let current = try ActionService.indicator(db, actionId: actionId, id: id)
            var indicator = current
            patch.name.apply(to: &indicator.name)
            patch.unit.apply(to: &indicator.unit)
            patch.targetValue.apply(to: &indicator.targetValue)
            patch.currentValue.apply(to: &indicator.currentValue)
            patch.baselineValue.apply(to: &indicator.baselineValue)
            if let text = patch.measuredOn.newValue { indicator.measuredOn = text.flatMap(CalendarDate.init) }
            var check = Validator()
            ActionService.checkIndicator(name: indicator.name, unit: indicator.unit, target: indicator.targetValue,
                                         current: indicator.currentValue, baseline: indicator.baselineValue, &check)
            try check.finish()
            guard indicator != current else { return current }
            indicator.updatedAt = now
            try indicator.update(db)
            try ChangeLog.updated(db, "actionIndicator", id: id, from: current, to: indicator, by: caller, at: now)
            try ActionService.refreshProgress(db, actionId: actionId, at: now)
            return indicator
        }
    }

    /// Removes an indicator.
    public func deleteIndicator(actionId: Int64, id: Int64, by caller: Caller) async throws {
        let now = clock.now
        try await database.write { db in
            let indicator = try ActionService.indicator(db, actionId: actionId, id: id)
            try indicator.delete(db)
            try ChangeLog.deleted(db, "actionIndicator", id: id, indicator, by: caller, at: now)
            try ActionService.refreshProgress(db, actionId: actionId, at: now)
        }
    }

    // MARK: Rules and queries

    static func checkIndicator(name: String, unit: String, target: Int64, current: Int64, baseline: Int64?, _ v: inout Validator) {
        v.line(name, "name")
        v.line(unit, "unit", maxLength: 50)
        v.require(target >= 1, "targetValue", "must be 1 or more")
        v.atLeast(current, "currentValue", 0)
        if let baseline {
            v.atLeast(baseline, "baselineValue", 0)
            v.require(baseline < target, "baselineValue", "must be below targetValue (\(target))")
        }
    }

    static func indicator(_ db: Database, actionId: Int64, id: Int64) throws -> ActionIndicator {
        guard let indicator = try ActionIndicator.fetchOne(db, key: id), indicator.actionId == actionId else {
            throw RoadmapError.notFound(entity: "indicator", id: "\(id) of action \(actionId)")
        }
        return indicator
    }

    /// Recomputes the action's stored progress from its indicators and status.
    static func refreshProgress(_ db: Database, actionId: Int64, at now: Date) throws {
        var action = try fetch(db, id: actionId)
        let indicators = try ActionIndicator.filter(ActionIndicator.Columns.actionId == actionId).fetchAll(db)
        let progress = ActionProgress.basisPoints(status: action.status, indicators: indicators)
        guard progress != action.progressBasisPoints else { return }
        action.progressBasisPoints = progress
        action.updatedAt = now
        try action.update(db)
    }
}
