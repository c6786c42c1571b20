import Foundation
import Testing

@testable import Roadmap

/// The yearly report (issue 17): the actions of the year with their status and progress at
/// its end, the indicators at its start and end, the money of the year, what changed.
@Suite("Yearly report")
struct YearReportTests {
    /// An instant of a day, at noon UTC.
    static func noon(_ day: String) -> Date {
        CalendarDate(day)!.start(in: TimeZone(identifier: "UTC")!).addingTimeInterval(12 * 3600)
    }

    /// The same database seen by services whose clock is stopped at noon on `day`.
    static func on(_ day: String, _ services: RoadmapServices) -> RoadmapServices {
        RoadmapServices(database: services.database, clock: .fixed(noon(day)))
    }

    @Test("an action's status at the end of a year is the one it had then, from the change log; its moves are listed")
    func statusAtYearEnd() async throws {
        // setup: created in March 2025, planned in June 2025, in progress in February 2026
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis().id!
        let id = try await Self.on("2025-03-01", services).makeAction(axisId: axis, title: "Former les agents").action
            .id!
        var planned = ActionPatch()
        planned.status = .set(.planned)
        _ = try await Self.on("2025-06-10", services).actions.update(id: id, planned, by: .anonymous)
        var started = ActionPatch()
        started.status = .set(.inProgress)
        _ = try await Self.on("2026-02-02", services).actions.update(id: id, started, by: .anonymous)
        // MUT
        let report2025 = try await Self.on("2026-03-15", services).yearReports.report(year: 2025)
        let report2026 = try await Self.on("2026-03-15", services).yearReports.report(year: 2026)
        // validate
        #expect(report2025.asOf.description == "2025-12-31")
        #expect(report2025.axes[0].actions.map(\.status) == [.planned])
        #expect(report2025.axes[0].summary.byStatus[.planned] == 1)
        #expect(
            report2025.statusMoves.map { "\($0.from.rawValue)→\($0.to.rawValue) \($0.on)" } == [
                "draft→planned 2025-06-10"
            ])
        #expect(report2026.asOf.description == "2026-03-15")
        #expect(report2026.axes[0].actions.map(\.status) == [.inProgress])
        #expect(report2026.statusMoves.map(\.to) == [.inProgress])
        // the year's difference: in 2025 the action appeared; in 2026 its status changed
        #expect(report2025.difference.resources.first { $0.resource == "actions" }?.added.map(\.id) == [id])
        let changed = report2026.difference.resources.first { $0.resource == "actions" }?.changed.first
        #expect(changed?.changes["status"] == FieldChange(old: .string("planned"), new: .string("in_progress")))
    }

    @Test("indicators at the start and end of the year come from their measurements; progress uses the end values")
    func indicatorsOverTheYear() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis().id!
        let id = try await services.makeAction(axisId: axis, status: .planned).action.id!
        let indicator = try await services.actions.addIndicator(
            actionId: id, IndicatorInput(name: "agents formés", unit: "personnes", targetValue: 120), by: .anonymous)
        for (value, day) in [(30, "2025-06-30"), (60, "2026-02-28")] {
            _ = try await services.actions.addMeasurement(
                actionId: id, indicatorId: indicator.id!, MeasurementInput(value: Int64(value), measuredOn: day),
                by: .anonymous)
        }
        // MUT
        let report2025 = try await services.yearReports.report(year: 2025)
        let report2026 = try await services.yearReports.report(year: 2026)
        // validate
        #expect(report2025.axes[0].indicators.map { [$0.startValue, $0.endValue] } == [[0, 30]])
        #expect(report2025.axes[0].actions.map(\.progressBasisPoints) == [2_500])
        #expect(report2025.axes[0].summary.averageProgressBasisPoints == 2_500)
        #expect(report2026.axes[0].indicators.map { [$0.startValue, $0.endValue] } == [[30, 60]])
        #expect(report2026.axes[0].actions.map(\.progressBasisPoints) == [5_000])
    }

    @Test("the actions of a year are those whose dates overlap it; without dates, every year; late at its end")
    func actionsOfTheYear() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis().id!
        let only2024 = try await services.makeAction(
            axisId: axis, title: "2024", startOn: "2024-01-01", endOn: "2024-12-31")
        let across = try await services.makeAction(
            axisId: axis, title: "à cheval", status: .planned, startOn: "2024-06-01", endOn: "2025-06-30")
        let undated = try await services.makeAction(axisId: axis, title: "sans dates")
        // MUT
        let report = try await services.yearReports.report(year: 2025)
        // validate
        let ids = report.axes[0].actions.map(\.id)
        #expect(!ids.contains(only2024.action.id!))
        #expect(ids == [across.action.id!, undated.action.id!])
        #expect(report.axes[0].actions.map(\.late) == [true, false])
        #expect(report.axes[0].summary.late == 1)
        #expect(report.axes[0].summary.total == 2)
    }

    @Test("the money of the year: requested, granted and paid in it, per envelope, per funder and in total alike")
    func fundingOfTheYear() async throws {
        // setup: filed and accepted in June 2025, conventioned in July, paid in August 2025 and February 2026
        let services = try makeServices(seed: .none)
        let june = Self.on("2025-06-02", services)
        let s = try await GrantServiceTests.setting(june)
        let filed = try await GrantServiceTests.file(s, 800_000)
        try await GrantServiceTests.convention(s, filed.grant.id!, granted: 600_000, on: "2025-07-01")
        _ = try await june.grants.pay(
            grantId: filed.grant.id!, PaymentInput(paidOn: "2025-08-01", amountCents: 200_000), by: .anonymous)
        _ = try await june.grants.pay(
            grantId: filed.grant.id!, PaymentInput(paidOn: "2026-02-01", amountCents: 100_000), by: .anonymous)
        let old = try await services.funding.createEnvelope(
            EnvelopeInput(funderId: s.funderId, label: "Crédits 2023", amountCents: 100_000, year: 2023), by: .anonymous
        )
        // MUT
        let report2025 = try await services.yearReports.report(year: 2025)
        let report2026 = try await services.yearReports.report(year: 2026)
        // validate
        let flows2025 = try #require(report2025.funding.envelopes.first { $0.envelopeId == s.envelopeId }).flows
        #expect(
            [flows2025.amountCents, flows2025.requestedCents, flows2025.grantedCents, flows2025.paidCents]
                == [4_100_000, 800_000, 600_000, 200_000])
        #expect(report2025.funding.totals == flows2025)
        #expect(report2025.funding.funders.map(\.flows) == [flows2025])
        #expect(!report2025.funding.envelopes.contains { $0.envelopeId == old.envelope.id! })
        let flows2026 = try #require(report2026.funding.envelopes.first { $0.envelopeId == s.envelopeId }).flows
        #expect([flows2026.requestedCents, flows2026.grantedCents, flows2026.paidCents] == [0, 0, 100_000])
    }

    @Test("the changes of the year are counted by resource, tokens left out")
    func changesOfTheYear() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await Self.on("2025-02-01", services).makeAxis().id!
        _ = try await Self.on("2025-02-02", services).makeAction(axisId: axis)
        _ = try await Self.on("2026-01-05", services).makeAction(axisId: axis)
        _ = try await services.tokens.create(name: "script", role: .editor, by: .commandLine)
        // MUT
        let report = try await services.yearReports.report(year: 2025)
        // validate
        #expect(report.changes.map(\.resource) == ["axes", "actions"])
        #expect(report.changes.map(\.created) == [1, 1])
    }

    @Test("a year before 2023 or after the current one is a 400 naming year")
    func yearRange() async throws {
        let services = try makeServices(seed: .none)
        for year in [2022, 2027] {
            do {
                _ = try await services.yearReports.report(year: year)
                Issue.record("\(year) was accepted")
            } catch let RoadmapError.invalid(errors) {
                #expect(errors.map(\.field) == ["year"])
            }
        }
        #expect(try await services.yearReports.report(year: 2023).year == 2023)
    }
}
