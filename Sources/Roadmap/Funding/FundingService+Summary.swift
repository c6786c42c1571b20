import Foundation
import GRDB

/// Financing plans and the ledger at a glance. Every total is a sum of integer cents, so the
/// same numbers come out whichever way they are added: overall = Σ funders = Σ envelopes =
/// Σ axes, and granted = allocated + awarded + remaining for each (awarded: what accepted,
/// conventioned and closed grant requests were granted).
extension FundingService {
    /// How one action is financed.
    public func plan(actionId: Int64) async throws -> ActionFinancingPlan {
        try await database.read { db in
            guard try Action.exists(db, primaryKey: actionId) else {
                throw RoadmapError.notFound(Action.self, id: actionId)
            }
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
                overall.add(detail)
                byFunder[detail.envelope.funderId, default: (detail.funderName, FundingTotals())].1.add(detail)
                byAxis[detail.envelope.axisId, default: FundingTotals()].add(detail)
            }
            let contributions = try FundingService.lineDetails(
                db,
                try FinancingLine.filter(FinancingLine.Columns.actionId == nil).order(FinancingLine.Columns.id)
                    .fetchAll(db))
            let funded = try Int64.fetchAll(
                db,
                sql: """
                    SELECT actionId FROM fundingAllocation UNION SELECT actionId FROM financingLine WHERE actionId IS NOT NULL
                    UNION SELECT actionId FROM grantRequest ORDER BY 1
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
            let grants = try GrantService.details(
                db,
                try GrantRequest.filter(GrantRequest.Columns.actionId == actionId).order(GrantRequest.Columns.id)
                    .fetchAll(db))
            let awarded = grants.filter { GrantStatus.awarded.contains($0.grant.status) }
            let awardedCents = awarded.reduce(0) { $0 + ($1.grant.grantedCents ?? 0) }
            let financed =
                allocations.reduce(0) { $0 + $1.amountCents } + awardedCents
                + lines.reduce(0) { $0 + ($1.line.amountCents ?? $1.derivedAmountCents ?? 0) }
            var coverage: Int?
            if let budget = action.budgetCents, budget > 0 {
                coverage = Int(Money.divide(financed, times: 10_000, by: budget).0)
            }
            return ActionFinancingPlan(
                actionId: actionId, title: action.title, budgetCents: action.budgetCents, allocations: allocations,
                lines: lines, grants: grants, awardedCents: awardedCents,
                paidCents: awarded.reduce(0) { $0 + $1.paidCents }, financedCents: financed,
                coverageBasisPoints: coverage,
                shareBasisPoints: lines.reduce(0) { $0 + ($1.line.shareBasisPoints ?? 0) })
        }
    }
}
