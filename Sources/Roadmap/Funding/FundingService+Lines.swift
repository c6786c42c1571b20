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
        var v = Validator()
        v.atLeast(input.funderId, "funderId", 1)
        if let id = input.actionId { v.atLeast(id, "actionId", 1) }
        v.paragraph(input.purpose, "purpose", maxLength: 2_000)
        v.require(input.actionId != nil || input.purpose != nil, "purpose", "is required when the line is not tied to an action")
        FundingService.checkAmountOrShare(amount: input.amountCents, share: input.shareBasisPoints, &v)
        v.paragraph(input.notes, "notes")
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            try FundingService.checkFunderAndAxis(db, funderId: input.funderId, axisId: nil)
            if let actionId = input.actionId {
                guard try Action.exists(db, key: actionId) else { throw RoadmapError.unprocessable("actionId", "no action has id \(actionId)") }
                if let share = input.shareBasisPoints { try FundingService.checkShares(db, actionId: actionId, adding: share, except: nil) }
            }
            var line = FinancingLine(funderId: input.funderId, actionId: input.actionId, purpose: input.purpose, amountCents: input.amountCents,
                                     shareBasisPoints: input.shareBasisPoints, notes: input.notes, createdAt: now, updatedAt: now)
            try line.insert(db)
            try ChangeLog.created(db, "financingLine", id: line.id!, line, by: caller, at: now)
            return try FundingService.lineDetail(db, id: line.id!)
        }
    }

    /// Changes a line.
    public func updateLine(id: Int64, _ patch: FinancingLinePatch, by caller: Caller, ifMatch: Precondition<FinancingLineDetail>? = nil) async throws -> FinancingLineDetail {
        var v = Validator()
        if let id = patch.funderId.newValue { v.atLeast(id, "funderId", 1) }
        if case .set(let text?) = patch.purpose { v.paragraph(text, "purpose", maxLength: 2_000) }
        if patch.amountCents.newValue != nil, patch.shareBasisPoints.newValue != nil {
            v.fail("shareBasisPoints", "give either amountCents or shareBasisPoints, not both")
        }
        if let amount = patch.amountCents.newValue { v.cents(amount, "amountCents") }
        if let share = patch.shareBasisPoints.newValue { v.range(share, "shareBasisPoints", 1...10_000) }
        if case .set(let text?) = patch.notes { v.paragraph(text, "notes") }
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            let detail = try FundingService.lineDetail(db, id: id)
            try ifMatch.verify(detail)
            var line = detail.line
            patch.funderId.apply(to: &line.funderId)
            patch.purpose.apply(to: &line.purpose)
            if let amount = patch.amountCents.newValue {
                line.amountCents = amount
                line.shareBasisPoints = nil
            }
            if let share = patch.shareBasisPoints.newValue {
                line.shareBasisPoints = share
                line.amountCents = nil
                if let actionId = line.actionId { try FundingService.checkShares(db, actionId: actionId, adding: share, except: id) }
            }
            patch.notes.apply(to: &line.notes)
            if line.actionId == nil && line.purpose == nil { throw RoadmapError.invalid("purpose", "is required when the line is not tied to an action") }
            try FundingService.checkFunderAndAxis(db, funderId: line.funderId, axisId: nil)
            guard line != detail.line else { return detail }
            line.updatedAt = now
            try line.update(db)
            try ChangeLog.updated(db, "financingLine", id: id, from: detail.line, to: line, by: caller, at: now)
            return try FundingService.lineDetail(db, id: id)
        }
    }

    /// Removes a line.
    public func deleteLine(id: Int64, by caller: Caller, ifMatch: Precondition<FinancingLineDetail>? = nil) async throws {
        let now = clock.now
        try await database.write { db in
            let detail = try FundingService.lineDetail(db, id: id)
            try ifMatch.verify(detail)
            try detail.line.delete(db)
            try ChangeLog.deleted(db, "financingLine", id: id, detail.line, by: caller, at: now)
        }
    }

    // MARK: Rules and queries

    static func checkAmountOrShare(amount: Int64?, share: Int?, _ v: inout Validator) {
        switch (amount, share) {
        case (nil, nil): v.fail("amountCents", "give either amountCents or shareBasisPoints")
        case (.some, .some): v.fail("shareBasisPoints", "give either amountCents or shareBasisPoints, not both")
        case (let amount?, nil): v.cents(amount, "amountCents")
        case (nil, let share?): v.range(share, "shareBasisPoints", 1...10_000)
        }
    }

    /// The shares of an action never exceed 100 % (409 with what is left).
    static func checkShares(_ db: Database, actionId: Int64, adding share: Int, except lineId: Int64?) throws {
        let taken = try Int.fetchOne(db, sql: """
            SELECT coalesce(sum(shareBasisPoints), 0) FROM financingLine WHERE actionId = ? AND id IS NOT ?
            """, arguments: [actionId, lineId]) ?? 0
        if taken + share > 10_000 {
            throw RoadmapError.conflict(
                detail: "The shares of this action would reach \(percent(taken + share)); \(percent(10_000 - taken)) is left (\(10_000 - taken) basis points).")
        }
    }

    static func percent(_ basisPoints: Int) -> String {
        "\(basisPoints / 100),\(basisPoints % 100 < 10 ? "0" : "")\(basisPoints % 100) %"
    }

    static func lineDetail(_ db: Database, id: Int64) throws -> FinancingLineDetail {
        guard let line = try FinancingLine.fetchOne(db, key: id) else { throw RoadmapError.notFound(entity: "financingLine", id: String(id)) }
        return try lineDetails(db, [line])[0]
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
            FinancingLineDetail(line: line, funderName: try String.fetchOne(db, sql: "SELECT name FROM partner WHERE id = ?", arguments: [line.funderId]) ?? "",
                                derivedAmountCents: derived[line.id!])
        }
    }

    /// line id → amount for every share of an action with a budget.
    static func apportionedShares(_ db: Database, actionId: Int64) throws -> [Int64: Int64] {
        guard let budget = try Int64.fetchOne(db, sql: "SELECT budgetCents FROM action WHERE id = ?", arguments: [actionId]) else { return [:] }
        let shares = try Row.fetchAll(db, sql: "SELECT id, shareBasisPoints FROM financingLine WHERE actionId = ? AND shareBasisPoints IS NOT NULL ORDER BY id",
                                      arguments: [actionId])
        let amounts = Money.apportion(budget, shares: shares.map { $0[1] })
        return Dictionary(uniqueKeysWithValues: zip(shares.map { $0[0] as Int64 }, amounts))
    }
}
