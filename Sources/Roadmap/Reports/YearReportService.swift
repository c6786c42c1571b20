import Foundation
import GRDB

/// Builds the yearly report (``YearReport``) from the records, their measurements and the
/// change log, in one read transaction. The rules, decided once here:
///
/// - The figures stand at the end of 31 December (Paris), or at today for the current year.
/// - The actions of the year are those whose dates overlap it (an action without a start or an
///   end is open on that side), recorded now or before: an action entered late still counts
///   for the years it covers.
/// - An action's status at that day is the one before its first status change after it (from
///   the change log), or its current status; its progress is computed from that status and
///   its indicators' values then (their measurements); it is late when its end is before that
///   day and it is neither done nor abandoned then. Titles, dates and budgets are today's.
/// - The difference is the roadmap at the end of the period against the roadmap just before
///   its start, both rebuilt from the change log (``RoadmapSnapshot``).
/// - Funding counts the grant requests' flows of the year: requested (submitted in the year,
///   withdrawn ones left out), granted (decided in the year, and accepted, conventioned or
///   closed), paid (payments dated in the year); per envelope that applies to the year (its
///   year, its validity) or has a flow in it; direct allocations have no date and are left
///   out. Per funder and in total, the same figures added up.
public struct YearReportService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// The earliest year a report is made for (the consultation that led to the roadmap was in 2023).
    public static let firstYear = 2023

    /// The report of `year` (400 naming `year` before ``firstYear`` or after the current year).
    public func report(year: Int) async throws -> YearReport {
        let today = clock.today
        guard (Self.firstYear...today.year).contains(year) else {
            throw RoadmapError.invalid(
                "year", "must be a year from \(Self.firstYear) to the current year (\(today.year))")
        }
        let period = Period(year: year, today: today, timeZone: clock.timeZone)
        return try await database.read { db in
            let actions = try YearReportService.actions(db, period)
            return YearReport(
                year: year, asOf: period.asOf, axes: try YearReportService.axes(db, actions, period),
                funding: try YearReportService.funding(db, period),
                changes: try YearReportService.changes(db, period),
                statusMoves: try YearReportService.statusMoves(db, period),
                difference: try YearReportService.difference(db, period))
        }
    }

    /// The days and instants a report covers.
    struct Period {
        let first: CalendarDate
        let last: CalendarDate
        /// 31 December, or today in the current year.
        let asOf: CalendarDate
        /// 31 December of the year before: the indicators' start values.
        let dayBefore: CalendarDate
        /// [start, end): the year's instants up to the end of `asOf`.
        let start: Date
        let end: Date
        /// Where days are reckoned (Paris).
        let timeZone: TimeZone

        init(year: Int, today: CalendarDate, timeZone: TimeZone) {
            self.timeZone = timeZone
            first = CalendarDate("\(year)-01-01")!
            last = CalendarDate("\(year)-12-31")!
            asOf = min(last, today)
            dayBefore = CalendarDate("\(year - 1)-12-31")!
            start = first.start(in: timeZone)
            end = asOf.next.start(in: timeZone)
        }
    }

    // MARK: Actions

    /// The actions of the year as they stood at `asOf`, with their indicators then.
    static func actions(
        _ db: Database, _ period: Period
    ) throws -> [(action: Action, year: ActionYear, indicators: [IndicatorYear])] {
        let actions = try Action.filter(
            sql: "(startOn IS NULL OR startOn <= ?) AND (endOn IS NULL OR endOn >= ?)",
            arguments: [period.last.description, period.first.description]
        )
        .order(Action.Columns.id).fetchAll(db)
        let ids = actions.compactMap(\.id)
        let statuses = try statusesAt(db, period.end)
        let indicators = try ActionIndicator.filter(ids.contains(ActionIndicator.Columns.actionId))
            .order(ActionIndicator.Columns.id).fetchAll(db)
        let measurements = try IndicatorMeasurement.filter(ids.contains(IndicatorMeasurement.Columns.actionId))
            .fetchAll(db)
        let indicatorsByAction = Dictionary(grouping: indicators, by: \.actionId)
        return actions.map { action in
            var then = action
            then.status = statuses[action.id!] ?? action.status
            let mine = indicatorsByAction[action.id!] ?? []
            let atEnd = mine.map { $0.asOf(period.asOf, measurements: measurements) }
            let atStart = mine.map { $0.asOf(period.dayBefore, measurements: measurements) }
            let year = ActionYear(
                id: action.id!, title: action.title, status: then.status,
                late: ActionService.isLate(then, today: period.asOf),
                progressBasisPoints: ActionProgress.basisPoints(status: then.status, indicators: atEnd),
                startOn: action.startOn, endOn: action.endOn, budgetCents: action.budgetCents)
            let indicatorYears = zip(atStart, atEnd).map { start, end in
                IndicatorYear(
                    actionId: action.id!, indicatorId: end.id!, name: end.name, unit: end.unit,
                    startValue: start.currentValue, endValue: end.currentValue, targetValue: end.targetValue,
                    achievementBasisPoints: ActionProgress.achievement(end))
            }
            return (action, year, indicatorYears)
        }
    }

    /// The status each action had at `instant`, for the actions whose status changed since:
    /// the `old` value of its first status change at or after it.
    static func statusesAt(_ db: Database, _ instant: Date) throws -> [Int64: ActionStatus] {
        var statuses: [Int64: ActionStatus] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT entityId, json_extract(changes, '$.status.old') AS old FROM changeLog
                 WHERE entityType = ? AND operation = 'update' AND occurredAt >= ?
                   AND json_extract(changes, '$.status.old') IS NOT NULL
                 ORDER BY id
                """, arguments: [Action.resourceName, instant])
        while let row = try rows.next() {
            let id: Int64 = row["entityId"]
            if statuses[id] == nil, let status = ActionStatus(rawValue: row["old"]) { statuses[id] = status }
        }
        return statuses
    }

    /// Every axis, with its actions of the year and their summary.
    static func axes(
        _ db: Database, _ actions: [(action: Action, year: ActionYear, indicators: [IndicatorYear])], _ period: Period
    ) throws -> [AxisYear] {
        let byAxis = Dictionary(grouping: actions, by: \.action.axisId)
        return try Axis.order(Axis.Columns.number).fetchAll(db).map { axis in
            let mine = byAxis[axis.id!] ?? []
            return AxisYear(
                axis: axis, summary: summary(mine.map(\.year)), actions: mine.map(\.year),
                indicators: mine.flatMap(\.indicators))
        }
    }

    /// Counts by status, late ones, and the mean progress of the actions not abandoned.
    static func summary(_ actions: [ActionYear]) -> ActionSummary {
        var byStatus = Dictionary(uniqueKeysWithValues: ActionStatus.allCases.map { ($0, 0) })
        for action in actions { byStatus[action.status, default: 0] += 1 }
        let counted = actions.filter { $0.status != .abandoned }
        return ActionSummary(
            total: actions.count, byStatus: byStatus, late: actions.filter(\.late).count,
            averageProgressBasisPoints: counted.isEmpty
                ? nil : counted.reduce(0) { $0 + $1.progressBasisPoints } / counted.count)
    }

    // MARK: Funding

    static func funding(_ db: Database, _ period: Period) throws -> FundingYear {
        let from = period.first.description
        let to = period.asOf.description
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT e.id, e.label, e.funderId, p.name AS funderName, e.amountCents,
                       (SELECT coalesce(sum(g.requestedCents), 0) FROM grantRequest g
                         WHERE g.envelopeId = e.id AND g.status <> 'withdrawn' AND g.submittedOn BETWEEN :from AND :to) AS requested,
                       (SELECT coalesce(sum(g.grantedCents), 0) FROM grantRequest g
                         WHERE g.envelopeId = e.id AND g.status IN ('accepted','conventioned','closed')
                           AND g.decidedOn BETWEEN :from AND :to) AS granted,
                       (SELECT coalesce(sum(pay.amountCents), 0) FROM grantPayment pay JOIN grantRequest g ON g.id = pay.grantId
                         WHERE g.envelopeId = e.id AND pay.paidOn BETWEEN :from AND :to) AS paid,
                       ((e.year IS NULL OR e.year = :year)
                        AND (e.validFrom IS NULL OR e.validFrom <= :last) AND (e.validUntil IS NULL OR e.validUntil >= :from)) AS applies
                  FROM fundingEnvelope e JOIN partner p ON p.id = e.funderId
                 ORDER BY e.id
                """,
            arguments: ["from": from, "to": to, "last": period.last.description, "year": period.first.year])
        var envelopes: [EnvelopeYear] = []
        for row in rows {
            var flows = FundingFlows()
            flows.amountCents = row["amountCents"]
            flows.requestedCents = row["requested"]
            flows.grantedCents = row["granted"]
            flows.paidCents = row["paid"]
            let applies: Bool = row["applies"]
            guard applies || flows.requestedCents > 0 || flows.grantedCents > 0 || flows.paidCents > 0 else { continue }
            envelopes.append(
                EnvelopeYear(
                    envelopeId: row["id"], label: row["label"], funderId: row["funderId"],
                    funderName: row["funderName"], flows: flows))
        }
        var funders: [FunderYear] = []
        for envelope in envelopes {
            if let index = funders.firstIndex(where: { $0.funderId == envelope.funderId }) {
                funders[index].flows = funders[index].flows + envelope.flows
            } else {
                funders.append(
                    FunderYear(funderId: envelope.funderId, name: envelope.funderName, flows: envelope.flows))
            }
        }
        return FundingYear(
            envelopes: envelopes, funders: funders, totals: envelopes.map(\.flows).reduce(FundingFlows(), +))
    }

    // MARK: Changes

    static func changes(_ db: Database, _ period: Period) throws -> [ChangeCount] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT entityType, operation, count(*) AS n FROM changeLog
                 WHERE occurredAt >= ? AND occurredAt < ? AND entityType <> ?
                 GROUP BY entityType, operation
                """, arguments: [period.start, period.end, ApiToken.resourceName])
        var counts: [String: ChangeCount] = [:]
        for row in rows {
            let resource: String = row["entityType"]
            var count = counts[resource] ?? ChangeCount(resource: resource, created: 0, updated: 0, deleted: 0)
            switch ChangeRecord.Operation(rawValue: row["operation"]) {
            case .create: count.created += row["n"] as Int
            case .update: count.updated += row["n"] as Int
            case .delete: count.deleted += row["n"] as Int
            case nil: break
            }
            counts[resource] = count
        }
        return LoggedResources.all.compactMap { counts[$0.resourceName] }
    }

    /// The snapshot at the end of the period against the one just before its start.
    static func difference(_ db: Database, _ period: Period) throws -> RoadmapDiff {
        let start = period.start.addingTimeInterval(-0.001)
        let end = period.end.addingTimeInterval(-0.001)
        return RoadmapDiff.between(
            try RoadmapSnapshot.build(db, asOf: start), try RoadmapSnapshot.build(db, asOf: end),
            from: .init(asOf: start), to: .init(asOf: end))
    }

    static func statusMoves(_ db: Database, _ period: Period) throws -> [StatusMove] {
        let titles = try Dictionary(
            uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, title FROM action").map {
                ($0[0] as Int64, $0[1] as String)
            })
        return try Row.fetchAll(
            db,
            sql: """
                SELECT entityId, occurredAt, json_extract(changes, '$.status.old') AS old,
                       json_extract(changes, '$.status.new') AS new
                  FROM changeLog
                 WHERE entityType = ? AND operation = 'update' AND occurredAt >= ? AND occurredAt < ?
                   AND json_extract(changes, '$.status.old') IS NOT NULL
                 ORDER BY id
                """, arguments: [Action.resourceName, period.start, period.end]
        ).compactMap { row in
            guard let from = ActionStatus(rawValue: row["old"]), let to = ActionStatus(rawValue: row["new"]) else {
                return nil
            }
            let id: Int64 = row["entityId"]
            return StatusMove(
                actionId: id, title: titles[id] ?? "Action \(id)", from: from, to: to,
                on: CalendarDate(row["occurredAt"] as Date, in: period.timeZone))
        }
    }
}
