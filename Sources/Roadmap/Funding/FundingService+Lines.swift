import Foundation
import GRDB

/// Co-financing lines: who pays which part of an action (or of a stated purpose), as an exact
/// amount or an exact share. The shares of one action never exceed 100 %.
extension FundingService {
    /// The lines, filtered by action and/or funder, by id.
    public func lines(actionId: Int64?, funderId: Int64?) async throws -> [FinancingLineDetail] {
        var v = Validator()
        if let id = actionId { v.atLeast(id, "actionId", 1) }
        if let id = funderId { v.atLeast(id, "funderId", 1) }
        try v.finish()
        return try await database.read { db in
            var request = FinancingLine.order(FinancingLine.Columns.id)
            if let id = actionId { request = request.filter(FinancingLine.Columns.actionId == id) }
            if let id = funderId { request = request.filter(FinancingLine.Columns.funderId == id) }
            return try FundingService.lineDetails(db, try request.fetchAll(db))
        }
    }

    /// One line.
    public func line(id: Int64) async throws -> FinancingLineDetail {
        try await database.read { db in try FundingService.lineDetail(db, id: id) }
    }

    /// Adds a line.
    public func createLine(_ input: FinancingLineInput, by caller: Caller) async throws -> FinancingLineDetail {
        let line = input.record
        try line.validate()
        return try await database.write(by: caller, clock: clock) { write in
            try FundingService.checkFunderAndAxis(write.db, funderId: line.funderId, axisId: nil)
            if let actionId = line.actionId {
                guard try Action.exists(write.db, primaryKey: actionId) else {
                    throw RoadmapError.unprocessable("actionId", "no action has id \(actionId)")
                }
                if let share = line.shareBasisPoints {
                    try FundingService.checkShares(write.db, actionId: actionId, adding: share, except: nil)
                }
            }
            var line = line
            try write.insert(&line)
            return try FundingService.lineDetail(write.db, id: line.id!)
        }
    }

    /// Changes a line.
    public func updateLine(
        id: Int64, _ patch: FinancingLinePatch, by caller: Caller, ifMatch: Precondition<FinancingLineDetail>? = nil
    ) async throws -> FinancingLineDetail {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try FundingService.lineDetail(write.db, id: id)
            var faults = Validator()
            var line = detail.line
            patch.apply(to: &line, &faults)
            try line.validate(adding: faults)
            try ifMatch.verify(detail)
            if let share = patch.shareBasisPoints.newValue, let actionId = line.actionId {
                try FundingService.checkShares(write.db, actionId: actionId, adding: share, except: id)
            }
            try FundingService.checkFunderAndAxis(write.db, funderId: line.funderId, axisId: nil)
            guard try write.update(&line, from: detail.line) else { return detail }
            return try FundingService.lineDetail(write.db, id: id)
        }
    }

    /// Removes a line.
    public func deleteLine(id: Int64, by caller: Caller, ifMatch: Precondition<FinancingLineDetail>? = nil) async throws
    {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try FundingService.lineDetail(write.db, id: id)
            try ifMatch.verify(detail)
            try write.delete(detail.line)
        }
    }

    // MARK: Rules and queries

    /// The shares of an action never exceed 100 % (409 with what is left).
    static func checkShares(_ db: Database, actionId: Int64, adding share: Int, except lineId: Int64?) throws {
        let taken =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT coalesce(sum(shareBasisPoints), 0) FROM financingLine WHERE actionId = ? AND id IS NOT ?
                    """, arguments: [actionId, lineId]) ?? 0
        if taken + share > 10_000 {
            throw RoadmapError.conflict(
                detail:
                    "The shares of this action would reach \(percent(taken + share)); \(percent(10_000 - taken)) is left (\(10_000 - taken) basis points)."
            )
        }
    }

    static func percent(_ basisPoints: Int) -> String {
        "\(basisPoints / 100),\(basisPoints % 100 < 10 ? "0" : "")\(basisPoints % 100) %"
    }

    static func lineDetail(_ db: Database, id: Int64) throws -> FinancingLineDetail {
        try lineDetails(db, [try FinancingLine.find(db, id: id)])[0]
    }

    /// Lines with funder names and, for shares, their apportioned amounts (computed over all
    /// the shares of each action, so that they add up exactly).
    static func lineDetails(_ db: Database, _ lines: [FinancingLine]) throws -> [FinancingLineDetail] {
        let actionIds = Set(lines.compactMap(\.actionId))
        var derived: [Int64: Int64] = [:]
        for actionId in actionIds {
            for (lineId, amount) in try apportionedShares(db, actionId: actionId) { derived[lineId] = amount }
        }
        return try lines.map { line in
            FinancingLineDetail(
                line: line,
                funderName: try String.fetchOne(
                    db, sql: "SELECT name FROM partner WHERE id = ?", arguments: [line.funderId]) ?? "",
                derivedAmountCents: derived[line.id!])
        }
    }

    /// line id → amount for every share of an action with a budget.
    static func apportionedShares(_ db: Database, actionId: Int64) throws -> [Int64: Int64] {
        guard
            let budget = try Int64.fetchOne(
                db, sql: "SELECT budgetCents FROM action WHERE id = ?", arguments: [actionId])
        else { return [:] }
        let shares = try Row.fetchAll(
            db,
            sql:
                "SELECT id, shareBasisPoints FROM financingLine WHERE actionId = ? AND shareBasisPoints IS NOT NULL ORDER BY id",
            arguments: [actionId])
        let amounts = Money.apportion(budget, shares: shares.map { $0[1] })
        return Dictionary(uniqueKeysWithValues: zip(shares.map { $0[0] as Int64 }, amounts))
    }
}
