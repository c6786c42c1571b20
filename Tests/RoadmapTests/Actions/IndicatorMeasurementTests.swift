import Foundation
import GRDB
import Testing

@testable import Roadmap

/// An indicator's values over time (issue 17): measurements, the current value as the latest
/// one, the values valid at a past date, and the migration of values recorded before.
@Suite("Indicator measurements")
struct IndicatorMeasurementTests {
    /// A planned action with one indicator (« agents d'accueil formés », 120 expected,
    /// nothing measured), on an empty database whose clock says 2026-03-15.
    private func indicator() async throws -> (services: RoadmapServices, action: Int64, indicator: Int64) {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis().id!
        let action = try await services.makeAction(axisId: axis, status: .planned).action.id!
        let indicator = try await services.actions.addIndicator(
            actionId: action, IndicatorInput(name: "agents d'accueil formés", unit: "personnes", targetValue: 120),
            by: .anonymous)
        return (services, action, indicator.id!)
    }

    private func measure(
        _ services: RoadmapServices, _ action: Int64, _ indicator: Int64, _ value: Int64, on day: String?
    ) async throws -> IndicatorMeasurement {
        try await services.actions.addMeasurement(
            actionId: action, indicatorId: indicator, MeasurementInput(value: value, measuredOn: day), by: .anonymous)
    }

    @Test("an indicator created without a value has no measurement; one created with a value has it as its first")
    func creationRecordsTheGivenValue() async throws {
        // setup
        let (services, action, blank) = try await indicator()
        // MUT
        let measured = try await services.actions.addIndicator(
            actionId: action,
            IndicatorInput(
                name: "mairies", unit: "mairies", targetValue: 80, currentValue: 31, measuredOn: "2025-12-31"),
            by: .anonymous)
        let undated = try await services.actions.addIndicator(
            actionId: action, IndicatorInput(name: "sessions", unit: "sessions", targetValue: 10, currentValue: 2),
            by: .anonymous)
        // validate
        #expect(try await services.actions.measurements(actionId: action, indicatorId: blank).isEmpty)
        let first = try await services.actions.measurements(actionId: action, indicatorId: measured.id!)
        #expect(first.map(\.value) == [31])
        #expect(first.map(\.measuredOn.description) == ["2025-12-31"])
        // without a day, today (the clock's, Paris time) is the day of the value
        #expect(undated.measuredOn?.description == "2026-03-15")
        let second = try await services.actions.measurements(actionId: action, indicatorId: undated.id!)
        #expect(second.map(\.measuredOn.description) == ["2026-03-15"])
    }

    @Test("the latest measurement is the current value and drives the action's progress")
    func latestIsCurrent() async throws {
        // setup
        let (services, action, id) = try await indicator()
        // MUT
        _ = try await measure(services, action, id, 18, on: "2026-01-31")
        let latest = try await services.actions.addMeasurement(
            actionId: action, indicatorId: id,
            MeasurementInput(value: 45, measuredOn: "2026-02-28", comment: "Condom et Mirande", source: "émargements"),
            by: .anonymous)
        // validate
        #expect(latest.comment == "Condom et Mirande")
        #expect(latest.source == "émargements")
        let now = try await services.actions.indicator(actionId: action, id: id)
        #expect(now.currentValue == 45)
        #expect(now.measuredOn?.description == "2026-02-28")
        #expect(try await services.actions.get(id: action).action.progressBasisPoints == 3_750)
    }

    @Test("a measurement dated before the latest joins the history without becoming current")
    func olderMeasurementIsHistoryOnly() async throws {
        // setup
        let (services, action, id) = try await indicator()
        _ = try await measure(services, action, id, 45, on: "2026-02-28")
        // MUT
        _ = try await measure(services, action, id, 18, on: "2026-01-31")
        // validate
        #expect(try await services.actions.indicator(actionId: action, id: id).currentValue == 45)
        let history = try await services.actions.measurements(actionId: action, indicatorId: id)
        #expect(history.map(\.value) == [18, 45])
    }

    @Test(
        "a patch with a value records a measurement, dated today without a day; measuredOn: null alone changes nothing")
    func patchRecordsMeasurement() async throws {
        // setup
        let (services, action, id) = try await indicator()
        var patch = IndicatorPatch()
        patch.currentValue = .set(30)
        // MUT
        let patched = try await services.actions.updateIndicator(actionId: action, id: id, patch, by: .anonymous)
        var clearing = IndicatorPatch()
        clearing.measuredOn = .set(nil)
        let cleared = try await services.actions.updateIndicator(actionId: action, id: id, clearing, by: .anonymous)
        // validate
        #expect(patched.currentValue == 30)
        #expect(patched.measuredOn?.description == "2026-03-15")
        let history = try await services.actions.measurements(actionId: action, indicatorId: id)
        #expect(history.map(\.value) == [30])
        #expect(cleared == patched)
    }

    @Test("deleting the latest measurement brings back the one before; deleting the last leaves 0 and no day")
    func deletingFallsBack() async throws {
        // setup
        let (services, action, id) = try await indicator()
        let january = try await measure(services, action, id, 18, on: "2026-01-31")
        let february = try await measure(services, action, id, 45, on: "2026-02-28")
        // MUT
        try await services.actions.deleteMeasurement(
            actionId: action, indicatorId: id, id: february.id!, by: .anonymous)
        let afterOne = try await services.actions.indicator(actionId: action, id: id)
        try await services.actions.deleteMeasurement(actionId: action, indicatorId: id, id: january.id!, by: .anonymous)
        let afterAll = try await services.actions.indicator(actionId: action, id: id)
        // validate
        #expect(afterOne.currentValue == 18)
        #expect(afterOne.measuredOn?.description == "2026-01-31")
        #expect(try await services.actions.get(id: action).action.progressBasisPoints == 0)
        #expect(afterAll.currentValue == 0)
        #expect(afterAll.measuredOn == nil)
    }

    @Test("at a past date, an indicator has the value of the latest measurement by then, its baseline before the first")
    func valuesAtAPastDate() async throws {
        // setup
        let (services, action, id) = try await indicator()
        var baseline = IndicatorPatch()
        baseline.baselineValue = .set(6)
        _ = try await services.actions.updateIndicator(actionId: action, id: id, baseline, by: .anonymous)
        _ = try await measure(services, action, id, 18, on: "2025-06-30")
        _ = try await measure(services, action, id, 45, on: "2026-02-28")
        // MUT
        let before = try await services.actions.indicators(actionId: action, on: "2025-01-24")
        let onTheDay = try await services.actions.indicators(actionId: action, on: "2025-06-30")
        let between = try await services.actions.indicators(actionId: action, on: "2025-12-31")
        // validate
        #expect(before.map(\.currentValue) == [6])
        #expect(before.map(\.measuredOn) == [nil])
        #expect(onTheDay.map(\.currentValue) == [18])
        #expect(between.map(\.currentValue) == [18])
        #expect(between.map { $0.measuredOn?.description } == ["2025-06-30"])
        #expect(try await services.actions.indicators(actionId: action)[0].currentValue == 45)
    }

    @Test("an impossible date, a negative value or a blank source is a 400 naming the field; nothing is recorded")
    func invalidInput() async throws {
        // setup
        let (services, action, id) = try await indicator()
        // MUT / validate
        await #expect(throws: RoadmapError.invalid("on", "must be a date YYYY-MM-DD")) {
            _ = try await services.actions.indicators(actionId: action, on: "2025-02-30")
        }
        await #expect(throws: RoadmapError.invalid("measuredOn", "must be a date YYYY-MM-DD")) {
            _ = try await measure(services, action, id, 1, on: "2025-13-01")
        }
        do {
            _ = try await measure(services, action, id, -1, on: nil)
            Issue.record("a negative value was accepted")
        } catch let RoadmapError.invalid(errors) {
            #expect(errors.map(\.field) == ["value"])
        }
        do {
            _ = try await services.actions.addMeasurement(
                actionId: action, indicatorId: id, MeasurementInput(value: 1, source: "  "), by: .anonymous)
            Issue.record("a blank source was accepted")
        } catch let RoadmapError.invalid(errors) {
            #expect(errors.map(\.field) == ["source"])
        }
        #expect(try await services.actions.measurements(actionId: action, indicatorId: id).isEmpty)
    }

    @Test("a measurement is found only under its own indicator and action")
    func scopedToItsIndicator() async throws {
        // setup
        let (services, action, id) = try await indicator()
        let other = try await services.actions.addIndicator(
            actionId: action, IndicatorInput(name: "mairies", unit: "mairies", targetValue: 80), by: .anonymous)
        let measurement = try await measure(services, action, id, 3, on: nil)
        // MUT / validate
        await #expect(throws: RoadmapError.self) {
            _ = try await services.actions.measurement(actionId: action, indicatorId: other.id!, id: measurement.id!)
        }
        await #expect(throws: RoadmapError.self) {
            _ = try await services.actions.measurement(actionId: action + 1, indicatorId: id, id: measurement.id!)
        }
        #expect(
            try await services.actions.measurement(actionId: action, indicatorId: id, id: measurement.id!)
                == measurement)
    }

    @Test("deleting an indicator or its action deletes its measurements, each deletion in the change log")
    func deletionsCascadeThroughTheLog() async throws {
        // setup
        let (services, action, id) = try await indicator()
        let measurement = try await measure(services, action, id, 3, on: nil)
        // MUT
        try await services.actions.deleteIndicator(actionId: action, id: id, by: .anonymous)
        // validate
        let logged = try await services.database.read { db in
            try ChangeRecord.filter(ChangeRecord.Columns.entityType == "measurements").order(ChangeRecord.Columns.id)
                .fetchAll(db)
        }
        #expect(logged.map(\.operation) == [.create, .delete])
        #expect(
            logged.map(\.path)
                == Array(
                    repeating: "/actions/\(action)/indicators/\(id)/measurements/\(measurement.id!)", count: 2))
        let left = try await services.database.read { db in try IndicatorMeasurement.fetchCount(db) }
        #expect(left == 0)
    }

    @Test("migration: each recorded value becomes the indicator's first measurement; no value changes")
    func migrationKeepsValues() throws {
        // setup: a database of the previous schema with three indicators
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v7-grants")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO axis(id, number, title, isOptional, createdAt, updatedAt)
                      VALUES (1, 1, 'Axe', 0, '2025-01-24 09:00:00.000', '2025-01-24 09:00:00.000');
                    INSERT INTO action(id, axisId, title, titleKey, status, progressBasisPoints, createdAt, updatedAt)
                      VALUES (1, 1, 'Action', 'action', 'in_progress', 2500, '2025-02-01 09:00:00.000', '2025-02-01 09:00:00.000');
                    INSERT INTO actionIndicator(id, actionId, name, unit, targetValue, currentValue, measuredOn, createdAt, updatedAt)
                      VALUES (1, 1, 'dated', 'u', 100, 40, '2025-11-30', '2025-02-01 09:00:00.000', '2025-12-01 09:00:00.000'),
                             (2, 1, 'undated', 'u', 100, 10, NULL, '2025-02-01 09:00:00.000', '2025-10-05 22:30:00.000'),
                             (3, 1, 'never', 'u', 100, 0, NULL, '2025-02-01 09:00:00.000', '2025-02-01 09:00:00.000');
                    """)
        }
        // MUT
        try Migrations.migrator.migrate(queue)
        // validate
        let (indicators, measurements) = try queue.read { db in
            (
                try ActionIndicator.order(ActionIndicator.Columns.id).fetchAll(db),
                try IndicatorMeasurement.order(IndicatorMeasurement.Columns.id).fetchAll(db)
            )
        }
        #expect(indicators.map(\.currentValue) == [40, 10, 0])
        #expect(indicators.map { $0.measuredOn?.description } == ["2025-11-30", "2025-10-05", nil])
        #expect(measurements.map(\.indicatorId) == [1, 2])
        #expect(measurements.map(\.value) == [40, 10])
        #expect(measurements.map(\.measuredOn.description) == ["2025-11-30", "2025-10-05"])
        #expect(measurements.allSatisfy { $0.actionId == 1 })
    }
}
