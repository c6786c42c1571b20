import Foundation
import GRDB

/// Indicators of an action (« médiateurs formés », « ordinateurs reconditionnés »). Every
/// change recomputes the action's progress in the same transaction.
extension ActionService {
    /// The indicators of an action.
    public func indicators(actionId: Int64) async throws -> [ActionIndicator] {
        try await database.read { db in
            _ = try Action.find(db, id: actionId)
            return try ActionIndicator.filter(ActionIndicator.Columns.actionId == actionId).order(
                ActionIndicator.Columns.id
            ).fetchAll(db)
        }
    }

    /// One indicator of an action.
    public func indicator(actionId: Int64, id: Int64) async throws -> ActionIndicator {
        try await database.read { db in try ActionService.indicator(db, actionId: actionId, id: id) }
    }

    /// Adds an indicator.
    public func addIndicator(
        actionId: Int64, _ input: IndicatorInput, by caller: Caller
    ) async throws -> ActionIndicator {
        var faults = Validator()
        var indicator = input.record(actionId: actionId, &faults)
        try indicator.validate(adding: faults)
        // A value given at creation is the first measurement, dated today when no day is given.
        let measured = indicator.currentValue > 0 || indicator.measuredOn != nil
        if measured { indicator.measuredOn = indicator.measuredOn ?? clock.today }
        return try await database.write(by: caller, clock: clock) { [indicator] write in
            _ = try Action.find(write.db, id: actionId)
            var indicator = indicator
            try write.insert(&indicator)
            if measured, let id = indicator.id, let measuredOn = indicator.measuredOn {
                var measurement = IndicatorMeasurement(
                    actionId: actionId, indicatorId: id, value: indicator.currentValue, measuredOn: measuredOn)
                try write.insert(&measurement)
            }
            try ActionService.refreshProgress(write, actionId: actionId)
            return indicator
        }
    }

    /// Changes an indicator. A `currentValue` or a `measuredOn` in the patch records a
    /// measurement (of the new or current value, on that day or today), and the indicator then
    /// shows its latest measurement: a value dated before the latest one joins the history
    /// without becoming current.
    public func updateIndicator(
        actionId: Int64, id: Int64, _ patch: IndicatorPatch, by caller: Caller,
        ifMatch: Precondition<ActionIndicator>? = nil
    ) async throws -> ActionIndicator {
        let today = clock.today
        return try await database.write(by: caller, clock: clock) { write in
            let current = try ActionService.indicator(write.db, actionId: actionId, id: id)
            var faults = Validator()
            var indicator = current
            patch.apply(to: &indicator, &faults)
            try indicator.validate(adding: faults)
            try ifMatch.verify(current)
            if patch.recordsMeasurement {
                var measurement = IndicatorMeasurement(
                    actionId: actionId, indicatorId: id, value: indicator.currentValue,
                    measuredOn: indicator.measuredOn ?? today)
                try write.insert(&measurement)
            }
            // The value and day are always the latest measurement's (`measuredOn: null` alone
            // changes nothing).
            try ActionService.showLatestMeasurement(write.db, of: &indicator)
            guard try write.update(&indicator, from: current) else { return current }
            try ActionService.refreshProgress(write, actionId: actionId)
            return indicator
        }
    }

    /// Removes an indicator.
    public func deleteIndicator(
        actionId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<ActionIndicator>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let indicator = try ActionService.indicator(write.db, actionId: actionId, id: id)
            try ifMatch.verify(indicator)
            try ActionService.deleteWithMeasurements(write, indicator)
            try ActionService.refreshProgress(write, actionId: actionId)
        }
    }

    // MARK: Queries

    static func indicator(_ db: Database, actionId: Int64, id: Int64) throws -> ActionIndicator {
        guard let indicator = try ActionIndicator.fetchOne(db, primaryKey: id), indicator.actionId == actionId else {
            throw RoadmapError.notFound(ActionIndicator.self, id: id, of: Action.self, actionId)
        }
        return indicator
    }

    /// Deletes an indicator and its measurements, each deletion recorded.
    static func deleteWithMeasurements(_ write: AuditedWrite, _ indicator: ActionIndicator) throws {
        for measurement in try IndicatorMeasurement.filter(IndicatorMeasurement.Columns.indicatorId == indicator.id)
            .order(IndicatorMeasurement.Columns.id).fetchAll(write.db)
        {
            try write.delete(measurement)
        }
        try write.delete(indicator)
    }

    /// Sets the indicator's value and day to its latest measurement's (0 and none without one).
    static func showLatestMeasurement(_ db: Database, of indicator: inout ActionIndicator) throws {
        let latest = try IndicatorMeasurement.filter(IndicatorMeasurement.Columns.indicatorId == indicator.id)
            .order(IndicatorMeasurement.latestFirst).fetchOne(db)
        indicator.currentValue = latest?.value ?? 0
        indicator.measuredOn = latest?.measuredOn
    }

    /// Recomputes the action's stored progress from its indicators and status (derived, so
    /// not recorded as a change of the action: the indicator's change is).
    static func refreshProgress(_ write: AuditedWrite, actionId: Int64) throws {
        let db = write.db
        var action = try Action.find(db, id: actionId)
        let indicators = try ActionIndicator.filter(ActionIndicator.Columns.actionId == actionId).fetchAll(db)
        let progress = ActionProgress.basisPoints(status: action.status, indicators: indicators)
        guard progress != action.progressBasisPoints else { return }
        action.progressBasisPoints = progress
        action.updatedAt = write.now
        try action.update(db)
    }
}
