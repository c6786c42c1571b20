import Foundation
import GRDB

/// How the roadmap is progressing: counts by status, late actions, average progress — for
/// one axis, every axis, or the whole roadmap, in one query each.
extension ActionService {
    /// The summary of each axis (axes without actions get an empty summary).
    static func summaries(_ db: Database, axisIds: [Int64], today: CalendarDate) throws -> [Int64: ActionSummary] {
        guard !axisIds.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT axisId, status, count(*) AS total,
                       sum(CASE WHEN endOn < ? AND status IN ('draft','planned','in_progress') THEN 1 ELSE 0 END) AS late,
                       sum(progressBasisPoints) AS progress
                FROM action WHERE axisId IN (\(axisIds.map { _ in "?" }.joined(separator: ",")))
                GROUP BY axisId, status
                """,
            arguments: StatementArguments([today.description] + axisIds.map { $0 as any DatabaseValueConvertible }))
        var byAxis: [Int64: [Row]] = [:]
        for row in rows { byAxis[row["axisId"], default: []].append(row) }
        return Dictionary(uniqueKeysWithValues: axisIds.map { ($0, summary(of: byAxis[$0] ?? [])) })
    }

    /// The summary of every action of the roadmap.
    static func roadmapSummary(_ db: Database, today: CalendarDate) throws -> ActionSummary {
        summary(
            of: try Row.fetchAll(
                db,
                sql: """
                    SELECT status, count(*) AS total,
                           sum(CASE WHEN endOn < ? AND status IN ('draft','planned','in_progress') THEN 1 ELSE 0 END) AS late,
                           sum(progressBasisPoints) AS progress
                    FROM action GROUP BY status
                    """, arguments: [today.description]))
    }

    /// Folds per-status rows (status, total, late, progress sum) into a summary.
    private static func summary(of rows: [Row]) -> ActionSummary {
        var summary = ActionSummary(
            total: 0, byStatus: Dictionary(uniqueKeysWithValues: ActionStatus.allCases.map { ($0, 0) }),
            late: 0, averageProgressBasisPoints: nil)
        var progressSum = 0
        var counted = 0
        for row in rows {
            guard let status = ActionStatus(rawValue: row["status"]) else { continue }
            let total: Int = row["total"]
            summary.total += total
            summary.byStatus[status] = total
            summary.late += row["late"] as Int
            if status != .abandoned {
                progressSum += row["progress"] as Int
                counted += total
            }
        }
        summary.averageProgressBasisPoints = counted > 0 ? progressSum / counted : nil
        return summary
    }
}
