import Foundation
import GRDB

/// The measurements of an indicator: its values over time. Adding or deleting one sets the
/// indicator's value to its latest measurement and recomputes the action's progress, in the
/// same transaction. Measurements are not edited: a wrong one is deleted and measured again,
/// so that the history shows what was reported.
extension ActionService {
    /// The measurements of an indicator, oldest first (by day, then id).
    public func measurements(actionId: Int64, indicatorId: Int64) async throws -> [IndicatorMeasurement] {
        try await database.read { db in
            _ = try ActionService.indicator(db, actionId: actionId, id: indicatorId)
            return try IndicatorMeasurement.filter(IndicatorMeasurement.Columns.indicatorId == indicatorId)
                .order(IndicatorMeasurement.Columns.measuredOn, IndicatorMeasurement.Columns.id).fetchAll(db)
        }
    }

    /// One measurement of an indicator.
    public func measurement(actionId: Int64, indicatorId: Int64, id: Int64) async throws -> IndicatorMeasurement {
        try await database.read { db in
            try ActionService.measurement(db, actionId: actionId, indicatorId: indicatorId, id: id)
        }
    }

    /// Records a measurement, dated today (Paris) when no day is given.
    public func addMeasurement(
        actionId: Int64, indicatorId: Int64, _ input: MeasurementInput, by caller: Caller
    ) async throws -> IndicatorMeasurement {
        var faults = Validator()
        let day = input.measuredOn == nil ? clock.today : faults.date(input.measuredOn, "measuredOn")
        let measurement = IndicatorMeasurement(
            actionId: actionId, indicatorId: indicatorId, value: input.value,
            measuredOn: day ?? clock.today, comment: input.comment, source: input.source)
        try measurement.validate(adding: faults)
        return try await database.write(by: caller, clock: clock) { write in
            let indicator = try ActionService.indicator(write.db, actionId: actionId, id: indicatorId)
            var measurement = measurement
            try write.insert(&measurement)
            try ActionService.indicatorChanged(write, indicator)
            return measurement
        }
    }

    /// Deletes a measurement.
    public func deleteMeasurement(
        actionId: Int64, indicatorId: Int64, id: Int64, by caller: Caller,
        ifMatch: Precondition<IndicatorMeasurement>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let measurement = try ActionService.measurement(
                write.db, actionId: actionId, indicatorId: indicatorId, id: id)
            try ifMatch.verify(measurement)
            try write.delete(measurement)
            try ActionService.indicatorChanged(
                write, try ActionService.indicator(write.db, actionId: actionId, id: indicatorId))
        }
    }

    /// The indicators of an action as they stood at the end of `day`: each with the value of
    /// the latest measurement made by then (its baseline, or 0, before the first one).
    /// `day` is `YYYY-MM-DD` (400 naming `on` otherwise).
    public func indicators(actionId: Int64, on day: String) async throws -> [ActionIndicator] {
        var faults = Validator()
        let date = faults.date(day, "on")
        try faults.finish()
        return try await indicators(actionId: actionId, on: date ?? clock.today)
    }

    func indicators(actionId: Int64, on day: CalendarDate) async throws -> [ActionIndicator] {
        try await database.read { db in
            _ = try Action.find(db, id: actionId)
            let indicators = try ActionIndicator.filter(ActionIndicator.Columns.actionId == actionId)
                .order(ActionIndicator.Columns.id).fetchAll(db)
            let measurements = try IndicatorMeasurement.filter(
                indicators.compactMap(\.id).contains(IndicatorMeasurement.Columns.indicatorId)
            ).fetchAll(db)
            return indicators.map { $0.asOf(day, measurements: measurements) }
        }
    }

    // MARK: Queries

    static func measurement(
        _ db: Database, actionId: Int64, indicatorId: Int64, id: Int64
    ) throws -> IndicatorMeasurement {
        _ = try indicator(db, actionId: actionId, id: indicatorId)
        guard let measurement = try IndicatorMeasurement.fetchOne(db, primaryKey: id),
            measurement.indicatorId == indicatorId
        else {
            throw RoadmapError.notFound(IndicatorMeasurement.self, id: id, of: ActionIndicator.self, indicatorId)
        }
        return measurement
    }

    /// After a measurement was added or deleted: the indicator shows its latest one, and the
    /// action's progress follows.
    static func indicatorChanged(_ write: AuditedWrite, _ current: ActionIndicator) throws {
        var indicator = current
        try showLatestMeasurement(write.db, of: &indicator)
        if try write.update(&indicator, from: current) {
            try refreshProgress(write, actionId: current.actionId)
        }
    }
}
