import Foundation
import GRDB

/// Financing plans and the ledger at a glance. Every total is a sum of integer cents, so the
/// same numbers come out whichever way they are added: overall = Σ funders = Σ envelopes =
/// Σ axes, and granted = allocated + remaining for each.
extension FundingService {
    /// How one action is financed.
    public func plan(actionId: Int64) async throws -> ActionFinancingPlan {
        try await database.read { db in
            guard try Action.exists(db, key: actionId) else { throw RoadmapError.notFound(Action.self, id: actionId) }
            return try FundingService.plans(db, actionIds: [actionId])[0]
        }
    }

    /// The whole ledger.
    public func summary() async throws -> FundingSummary {
        try await database.read { db in
            let envelopes = try FundingService.details(
                db, try FundingEnvelope.order(FundingEnvelope.Columns.id).fetchAll(db))
            var overall = FundingTotals()
            var byFunder: [Int64: (String, FundingTotals)] = [:]
            var byAxis: [Int64?: FundingTotals] = [:]
            for detail in envelopes {
                let granted = detail.envelope.amountCents
                let allocated = detail.allocatedCents
                overall.grantedCents += granted
                overall.allocatedCents += allocated
                var funder = byFunder[detail.envelope.funderId] ?? (detail.funderName, FundingTotals())
                funder.1.grantedCents += granted
                funder.1.allocatedCents += allocated
                byFunder[detail.envelope.funderId] = funder
                var axis = byAxis[detail.envelope.axisId] ?? FundingTotals()
                axis.grantedCents += granted
                axis.allocatedCents += allocated
                byAxis[detail.envelope.axisId] = axis
            }
            let contributions = try FundingService.lineDetails(
                db,
                try FinancingLine.filter(FinancingLine.Columns.actionId == nil).order(FinancingLine.Columns.id)
                    .fetchAll(db))
            let funded = try Int64.fetchAll(
                db,
                sql: """
                    SELECT actionId FROM fundingAllocation UNION SELECT actionId FROM financingLine WHERE actionId IS NOT NULL ORDER BY 1
                    """)
            return FundingSummary(
                overall: overall,
                byFunder: byFunder.sorted { $0.key < $1.key }.map { ($0.key, $0.value.0, $0.value.1) },
                byEnvelope: envelopes,
                byAxis: byAxis.sorted { ($0.key ?? 0) < ($1.key ?? 0) }.map { ($0.key, $0.value) },
                contributions: contributions,
                plans: try FundingService.plans(db, actionIds: funded))
        }
    }

    static func plans(_ db: Database, actionIds: [Int64]) throws -> [ActionFinancingPlan] {
        try actionIds.map { actionId in
            let action = try Action.find(db, id: actionId)
            let allocations = try FundingAllocation.filter(FundingAllocation.Columns.actionId == actionId).order(
                FundingAllocation.Columns.id
            ).fetchAll(db)
            let lines = try lineDetails(
                db,
                try FinancingLine.filter(FinancingLine.Columns.actionId == actionId).order(FinancingLine.Columns.id)
                    .fetchAll(db))
            let financed =
                allocations.reduce(0) { $0 + $1.amountCents }
                + lines.reduce(0) { $0 + ($1.line.amountCents ?? $1.derivedAmountCents ?? 0) }
            var coverage: Int?
            if let budget = action.budgetCents, budget > 0 {
                coverage = Int(Money.divide(financed, times: 10_000, by: budget).0)
            }
            return ActionFinancingPlan(
                actionId: actionId, title: action.title, budgetCents: action.budgetCents, allocations: allocations,
                lines: lines, financedCents: financed, coverageBasisPoints: coverage,
                shareBasisPoints: lines.reduce(0) { $0 + ($1.line.shareBasisPoints ?? 0) })
        }
    }
}
