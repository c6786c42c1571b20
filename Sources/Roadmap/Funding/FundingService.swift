import Foundation
import GRDB

/// Envelopes and their allocations: an envelope's allocations never add up to more than the
/// envelope. The check and the write happen in one write transaction, and the database has
/// one writer, so two requests racing for the last euros cannot both win.
public struct FundingService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    // MARK: Envelopes

    /// One page of envelopes, by id.
    public func envelopes(_ query: EnvelopeQuery) async throws -> Page<EnvelopeDetail> {
        var v = Validator()
        v.listIds(query.ids)
        if let id = query.funderId { v.atLeast(id, "funderId", 1) }
        if let id = query.axisId { v.atLeast(id, "axisId", 1) }
        if let year = query.year { v.range(year, "year", FundingEnvelope.years) }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<FundingEnvelope>()
            var request = FundingEnvelope.all().aliased(alias).filter(listIds: query.ids)
            if let id = query.funderId { request = request.filter(FundingEnvelope.Columns.funderId == id) }
            if let id = query.axisId { request = request.filter(FundingEnvelope.Columns.axisId == id) }
            if let year = query.year { request = request.filter(Column("year") == year) }
            let page = try Keyset.fetch(db, request, id: alias[Column("id")], sort: .byId(alias), page: query.page) {
                ($0.id!.databaseValue, $0.id!)
            }
            return Page(items: try FundingService.details(db, page.items), nextCursor: page.nextCursor)
        }
    }

    /// One envelope.
    public func envelope(id: Int64) async throws -> EnvelopeDetail {
        try await database.read { db in try FundingService.envelopeDetail(db, id: id) }
    }

    /// Adds an envelope.
    public func createEnvelope(_ input: EnvelopeInput, by caller: Caller) async throws -> EnvelopeDetail {
        var faults = Validator()
        let envelope = input.record(&faults)
        try envelope.validate(adding: faults)
        return try await database.write(by: caller, clock: clock) { write in
            try FundingService.checkFunderAndAxis(write.db, funderId: envelope.funderId, axisId: envelope.axisId)
            var envelope = envelope
            try write.insert(&envelope)
            return try FundingService.envelopeDetail(write.db, id: envelope.id!)
        }
    }

    /// Changes an envelope; its amount cannot go below what is already allocated.
    public func updateEnvelope(
        id: Int64, _ patch: EnvelopePatch, by caller: Caller, ifMatch: Precondition<EnvelopeDetail>? = nil
    ) async throws -> EnvelopeDetail {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try FundingService.envelopeDetail(write.db, id: id)
            var faults = Validator()
            var envelope = detail.envelope
            patch.apply(to: &envelope, &faults)
            try envelope.validate(adding: faults)
            try ifMatch.verify(detail)
            try FundingService.checkFunderAndAxis(write.db, funderId: envelope.funderId, axisId: envelope.axisId)
            let committed = detail.allocatedCents + detail.awardedCents
            if envelope.amountCents < committed {
                throw RoadmapError.conflict(
                    detail:
                        "The envelope cannot go below what is already allocated and granted: \(Money.french(committed)) (\(committed) cents)."
                )
            }
            guard try write.update(&envelope, from: detail.envelope) else { return detail }
            return try FundingService.envelopeDetail(write.db, id: id)
        }
    }

    /// Deletes an envelope without allocations (409 naming them otherwise).
    public func deleteEnvelope(id: Int64, by caller: Caller, ifMatch: Precondition<EnvelopeDetail>? = nil) async throws
    {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try FundingService.envelopeDetail(write.db, id: id)
            try ifMatch.verify(detail)
            let allocations = try Row.fetchAll(
                write.db,
                sql: """
                    SELECT fundingAllocation.id, action.title, fundingAllocation.amountCents FROM fundingAllocation
                    JOIN action ON action.id = fundingAllocation.actionId WHERE envelopeId = ? LIMIT 20
                    """, arguments: [id])
            let grants = try Row.fetchAll(
                write.db,
                sql: """
                    SELECT grantRequest.id, action.title, grantRequest.status FROM grantRequest
                    JOIN action ON action.id = grantRequest.actionId WHERE envelopeId = ? LIMIT 20
                    """, arguments: [id])
            guard grants.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(detail.envelope.label) » has grant requests; delete them first (a granted one is kept).",
                    references: grants.map {
                        Reference(GrantRequest.self, id: $0[0], label: "\($0[1] as String) (\($0[2] as String))")
                    })
            }
            guard allocations.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "« \(detail.envelope.label) » has \(Money.french(detail.allocatedCents)) allocated to actions; delete those allocations first.",
                    references: allocations.map {
                        Reference(
                            FundingAllocation.self, id: $0[0], label: "\($0[1] as String) (\(Money.french($0[2])))")
                    })
            }
            try write.delete(detail.envelope)
        }
    }

    // MARK: Allocations

    /// The allocations of an envelope.
    public func allocations(envelopeId: Int64) async throws -> [FundingAllocation] {
        try await database.read { db in
            _ = try FundingService.envelopeDetail(db, id: envelopeId)
            return try FundingAllocation.filter(FundingAllocation.Columns.envelopeId == envelopeId).order(
                FundingAllocation.Columns.id
            ).fetchAll(db)
        }
    }

    /// One allocation of an envelope.
    public func allocation(envelopeId: Int64, id: Int64) async throws -> FundingAllocation {
        try await database.read { db in try FundingService.allocation(db, envelopeId: envelopeId, id: id) }
    }

    /// Commits part of an envelope to an action; refused (409 with the remaining amount) when
    /// it would exceed the envelope.
    public func allocate(
        envelopeId: Int64, _ input: AllocationInput, by caller: Caller
    ) async throws -> FundingAllocation {
        let allocation = input.record(envelopeId: envelopeId)
        try allocation.validate()
        return try await database.write(by: caller, clock: clock) { write in
            let detail = try FundingService.envelopeDetail(write.db, id: envelopeId)
            guard try Action.exists(write.db, primaryKey: allocation.actionId) else {
                throw RoadmapError.unprocessable("actionId", "no action has id \(allocation.actionId)")
            }
            try FundingService.checkCeiling(detail, adding: allocation.amountCents, as: "allocated")
            var allocation = allocation
            try write.insert(&allocation)
            return allocation
        }
    }

    /// Changes an allocation's amount or notes, within the envelope.
    public func updateAllocation(
        envelopeId: Int64, id: Int64, _ patch: AllocationPatch, by caller: Caller,
        ifMatch: Precondition<FundingAllocation>? = nil
    ) async throws -> FundingAllocation {
        try await database.write(by: caller, clock: clock) { write in
            let current = try FundingService.allocation(write.db, envelopeId: envelopeId, id: id)
            var allocation = current
            patch.apply(to: &allocation)
            try allocation.validate()
            try ifMatch.verify(current)
            if allocation.amountCents != current.amountCents {
                let detail = try FundingService.envelopeDetail(write.db, id: envelopeId)
                try FundingService.checkCeiling(
                    detail, adding: allocation.amountCents - current.amountCents, as: "allocated")
            }
            try write.update(&allocation, from: current)
            return allocation
        }
    }

    /// Removes an allocation, giving its amount back to the envelope.
    public func deleteAllocation(
        envelopeId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<FundingAllocation>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let allocation = try FundingService.allocation(write.db, envelopeId: envelopeId, id: id)
            try ifMatch.verify(allocation)
            try write.delete(allocation)
        }
    }

    // MARK: Rules and queries

    /// The envelope's ceiling: what is allocated and granted never exceeds it (409 giving what
    /// remains). Checked in the transaction of the write, which one writer commits at a time.
    static func checkCeiling(_ detail: EnvelopeDetail, adding amount: Int64, as verb: String) throws {
        guard amount > detail.remainingCents else { return }
        throw RoadmapError.conflict(
            detail:
                "« \(detail.envelope.label) » has \(Money.french(detail.remainingCents)) left (\(detail.remainingCents) cents); \(Money.french(amount)) cannot be \(verb).",
            references: [
                Reference(
                    FundingEnvelope.self, id: detail.envelope.id!, label: "remaining \(detail.remainingCents) cents")
            ])
    }

    static func checkFunderAndAxis(_ db: Database, funderId: Int64, axisId: Int64?) throws {
        var errors: [FieldError] = []
        if try !Partner.exists(db, primaryKey: funderId) {
            errors.append(FieldError(field: "funderId", message: "no partner has id \(funderId)"))
        }
        if let axisId, try !Axis.exists(db, primaryKey: axisId) {
            errors.append(FieldError(field: "axisId", message: "no axis has id \(axisId)"))
        }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    /// The statuses whose granted amount is drawn from an envelope, as an SQL list.
    static let awardedStatuses = "(" + GrantStatus.awarded.map { "'\($0.rawValue)'" }.joined(separator: ",") + ")"

    static func envelopeDetail(_ db: Database, id: Int64) throws -> EnvelopeDetail {
        try details(db, [try FundingEnvelope.find(db, id: id)])[0]
    }

    static func details(_ db: Database, _ envelopes: [FundingEnvelope]) throws -> [EnvelopeDetail] {
        try envelopes.map { envelope in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT name FROM partner WHERE id = :funder),
                           (SELECT coalesce(sum(amountCents), 0) FROM fundingAllocation WHERE envelopeId = :id),
                           (SELECT coalesce(sum(requestedCents), 0) FROM grantRequest WHERE envelopeId = :id AND status <> 'withdrawn'),
                           (SELECT coalesce(sum(grantedCents), 0) FROM grantRequest WHERE envelopeId = :id AND status IN \(awardedStatuses)),
                           (SELECT coalesce(sum(grantPayment.amountCents), 0) FROM grantPayment JOIN grantRequest ON grantRequest.id = grantPayment.grantId WHERE envelopeId = :id)
                    """, arguments: ["funder": envelope.funderId, "id": envelope.id!])!
            return EnvelopeDetail(
                envelope: envelope, funderName: row[0] ?? "", allocatedCents: row[1], requestedCents: row[2],
                awardedCents: row[3], paidCents: row[4])
        }
    }

    static func allocation(_ db: Database, envelopeId: Int64, id: Int64) throws -> FundingAllocation {
        guard let allocation = try FundingAllocation.fetchOne(db, primaryKey: id), allocation.envelopeId == envelopeId
        else {
            throw RoadmapError.notFound(FundingAllocation.self, id: id, of: FundingEnvelope.self, envelopeId)
        }
        return allocation
    }
}
