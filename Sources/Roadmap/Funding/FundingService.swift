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
        if let id = query.funderId { v.atLeast(id, "funderId", 1) }
        if let id = query.axisId { v.atLeast(id, "axisId", 1) }
        if let year = query.year { v.range(year, "year", FundingService.years) }
        try v.finish()
        let sort = try SortOrder.parse("id", default: "id", allowed: ["id": "id"])
        return try await database.read { db in
            let alias = TableAlias<FundingEnvelope>()
            var request = FundingEnvelope.all().aliased(alias)
            if let id = query.funderId { request = request.filter(FundingEnvelope.Columns.funderId == id) }
            if let id = query.axisId { request = request.filter(FundingEnvelope.Columns.axisId == id) }
            if let year = query.year { request = request.filter(Column("year") == year) }
            let page = try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page) { ($0.id!.databaseValue, $0.id!) }
            return Page(items: try FundingService.details(db, page.items), nextCursor: page.nextCursor)
        }
    }

    /// One envelope.
    public func envelope(id: Int64) async throws -> EnvelopeDetail {
        try await database.read { db in try FundingService.envelopeDetail(db, id: id) }
    }

    /// Adds an envelope.
    public func createEnvelope(_ input: EnvelopeInput, by caller: Caller) async throws -> EnvelopeDetail {
        var v = Validator()
        v.atLeast(input.funderId, "funderId", 1)
        v.line(input.label, "label")
        v.paragraph(input.purpose, "purpose")
        v.cents(input.amountCents, "amountCents")
        if let year = input.year { v.range(year, "year", FundingService.years) }
        if let id = input.axisId { v.atLeast(id, "axisId", 1) }
        v.paragraph(input.notes, "notes")
        let from = ActionService.date(input.validFrom, "validFrom", &v)
        let until = ActionService.date(input.validUntil, "validUntil", &v)
        let granted = ActionService.date(input.grantedOn, "grantedOn", &v)
        if let from, let until { v.require(until >= from, "validUntil", "must not be before validFrom (\(from))") }
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            try FundingService.checkFunderAndAxis(db, funderId: input.funderId, axisId: input.axisId)
            var envelope = FundingEnvelope(funderId: input.funderId, label: input.label, purpose: input.purpose, amountCents: input.amountCents,
                                           year: input.year, validFrom: from, validUntil: until, axisId: input.axisId, grantedOn: granted,
                                           notes: input.notes, createdAt: now, updatedAt: now)
            try envelope.insert(db)
            try ChangeLog.created(db, "fundingEnvelope", id: envelope.id!, envelope, by: caller, at: now)
            return try FundingService.envelopeDetail(db, id: envelope.id!)
        }
    }

    /// Changes an envelope; its amount cannot go below what is already allocated.
    public func updateEnvelope(id: Int64, _ patch: EnvelopePatch, by caller: Caller, ifMatch: Precondition<EnvelopeDetail>? = nil) async throws -> EnvelopeDetail {
        var v = Validator()
        if let id = patch.funderId.newValue { v.atLeast(id, "funderId", 1) }
        v.line(patch.label.newValue, "label")
        if case .set(let text?) = patch.purpose { v.paragraph(text, "purpose") }
        if let amount = patch.amountCents.newValue { v.cents(amount, "amountCents") }
        if case .set(let year?) = patch.year { v.range(year, "year", FundingService.years) }
        if case .set(let id?) = patch.axisId { v.atLeast(id, "axisId", 1) }
        if case .set(let text?) = patch.notes { v.paragraph(text, "notes") }
        for (value, field) in [(patch.validFrom, "validFrom"), (patch.validUntil, "validUntil"), (patch.grantedOn, "grantedOn")] {
            if case .set(let text?) = value { _ = ActionService.date(text, field, &v) }
        }
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            let detail = try FundingService.envelopeDetail(db, id: id)
            try ifMatch.verify(detail)
            var envelope = detail.envelope
            patch.funderId.apply(to: &envelope.funderId)
            patch.label.apply(to: &envelope.label)
            patch.purpose.apply(to: &envelope.purpose)
            patch.amountCents.apply(to: &envelope.amountCents)
            patch.year.apply(to: &envelope.year)
            if let text = patch.validFrom.newValue { envelope.validFrom = text.flatMap(CalendarDate.init) }
            if let text = patch.validUntil.newValue { envelope.validUntil = text.flatMap(CalendarDate.init) }
            if let text = patch.grantedOn.newValue { envelope.grantedOn = text.flatMap(CalendarDate.init) }
            patch.axisId.apply(to: &envelope.axisId)
            patch.notes.apply(to: &envelope.notes)
            if let from = envelope.validFrom, let until = envelope.validUntil, until < from {
                throw RoadmapError.invalid("validUntil", "must not be before validFrom (\(from))")
            }
            try FundingService.checkFunderAndAxis(db, funderId: envelope.funderId, axisId: envelope.axisId)
            if envelope.amountCents < detail.allocatedCents {
                throw RoadmapError.conflict(
                    detail: "The envelope cannot go below what is already allocated: \(Money.french(detail.allocatedCents)) (\(detail.allocatedCents) cents).")
            }
            guard envelope != detail.envelope else { return detail }
            envelope.updatedAt = now
            try envelope.update(db)
            try ChangeLog.updated(db, "fundingEnvelope", id: id, from: detail.envelope, to: envelope, by: caller, at: now)
            return try FundingService.envelopeDetail(db, id: id)
        }
    }

    /// Deletes an envelope without allocations (409 naming them otherwise).
    public func deleteEnvelope(id: Int64, by caller: Caller, ifMatch: Precondition<EnvelopeDetail>? = nil) async throws {
        let now = clock.now
        try await database.write { db in
            let detail = try FundingService.envelopeDetail(db, id: id)
            try ifMatch.verify(detail)
            let allocations = try Row.fetchAll(db, sql: """
                SELECT fundingAllocation.id, action.title, fundingAllocation.amountCents FROM fundingAllocation
                JOIN action ON action.id = fundingAllocation.actionId WHERE envelopeId = ? LIMIT 20
                """, arguments: [id])
            guard allocations.isEmpty else {
                throw RoadmapError.conflict(
                    detail: "« \(detail.envelope.label) » has \(Money.french(detail.allocatedCents)) allocated to actions; delete those allocations first.",
                    references: allocations.map { Reference(entity: "fundingAllocation", id: $0[0], label: "\($0[1] as String) (\(Money.french($0[2])))") })
            }
            try detail.envelope.delete(db)
            try ChangeLog.deleted(db, "fundingEnvelope", id: id, detail.envelope, by: caller, at: now)
        }
    }

    // MARK: Allocations

    /// The allocations of an envelope.
    public func allocations(envelopeId: Int64) async throws -> [FundingAllocation] {
        try await database.read { db in
            _ = try FundingService.envelopeDetail(db, id: envelopeId)
            return try FundingAllocation.filter(FundingAllocation.Columns.envelopeId == envelopeId).order(FundingAllocation.Columns.id).fetchAll(db)
        }
    }

    /// Commits part of an envelope to an action; refused (409 with the remaining amount) when
    /// it would exceed the envelope.
    public func allocate(envelopeId: Int64, actionId: Int64, amountCents: Int64, notes: String?, by caller: Caller) async throws -> FundingAllocation {
        var v = Validator()
        v.atLeast(actionId, "actionId", 1)
        v.cents(amountCents, "amountCents")
        v.paragraph(notes, "notes")
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            let detail = try FundingService.envelopeDetail(db, id: envelopeId)
            guard try Action.exists(db, key: actionId) else { throw RoadmapError.unprocessable("actionId", "no action has id \(actionId)") }
            try FundingService.checkCeiling(detail, adding: amountCents)
            var allocation = FundingAllocation(envelopeId: envelopeId, actionId: actionId, amountCents: amountCents, notes: notes, createdAt: now, updatedAt: now)
            try allocation.insert(db)
            try ChangeLog.created(db, "fundingAllocation", id: allocation.id!, allocation, by: caller, at: now)
            return allocation
        }
    }

    /// Changes an allocation's amount or notes, within the envelope.
    public func updateAllocation(envelopeId: Int64, id: Int64, amountCents: Int64?, notes: Patch<String?>, by caller: Caller) async throws -> FundingAllocation {
        var v = Validator()
        if let amount = amountCents { v.cents(amount, "amountCents") }
        if case .set(let text?) = notes { v.paragraph(text, "notes") }
        try v.finish()
        let now = clock.now
        return try await database.write { db in
            let current = try FundingService.allocation(db, envelopeId: envelopeId, id: id)
            var allocation = current
            if let amount = amountCents, amount != current.amountCents {
                let detail = try FundingService.envelopeDetail(db, id: envelopeId)
                try FundingService.checkCeiling(detail, adding: amount - current.amountCents)
                allocation.amountCents = amount
            }
            notes.apply(to: &allocation.notes)
            guard allocation != current else { return current }
            allocation.updatedAt = now
            try allocation.update(db)
            try ChangeLog.updated(db, "fundingAllocation", id: id, from: current, to: allocation, by: caller, at: now)
            return allocation
        }
    }

    /// Removes an allocation, giving its amount back to the envelope.
    public func deleteAllocation(envelopeId: Int64, id: Int64, by caller: Caller) async throws {
        let now = clock.now
        try await database.write { db in
            let allocation = try FundingService.allocation(db, envelopeId: envelopeId, id: id)
            try allocation.delete(db)
            try ChangeLog.deleted(db, "fundingAllocation", id: id, allocation, by: caller, at: now)
        }
    }

    // MARK: Rules and queries

    static let years = 2000...2100

    private static func checkCeiling(_ detail: EnvelopeDetail, adding amount: Int64) throws {
        guard amount > detail.remainingCents else { return }
        throw RoadmapError.conflict(
            detail: "« \(detail.envelope.label) » has \(Money.french(detail.remainingCents)) left (\(detail.remainingCents) cents); \(Money.french(amount)) cannot be allocated.",
            references: [Reference(entity: "fundingEnvelope", id: detail.envelope.id!, label: "remaining \(detail.remainingCents) cents")])
    }

    static func checkFunderAndAxis(_ db: Database, funderId: Int64, axisId: Int64?) throws {
        var errors: [FieldError] = []
        if try !Partner.exists(db, key: funderId) { errors.append(FieldError(field: "funderId", message: "no partner has id \(funderId)")) }
        if let axisId, try !Axis.exists(db, key: axisId) { errors.append(FieldError(field: "axisId", message: "no axis has id \(axisId)")) }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    static func envelopeDetail(_ db: Database, id: Int64) throws -> EnvelopeDetail {
        guard let envelope = try FundingEnvelope.fetchOne(db, key: id) else { throw RoadmapError.notFound(entity: "fundingEnvelope", id: String(id)) }
        return try details(db, [envelope])[0]
    }

    static func details(_ db: Database, _ envelopes: [FundingEnvelope]) throws -> [EnvelopeDetail] {
        try envelopes.map { envelope in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT name FROM partner WHERE id = ?), (SELECT coalesce(sum(amountCents), 0) FROM fundingAllocation WHERE envelopeId = ?)
                """, arguments: [envelope.funderId, envelope.id!])!
            return EnvelopeDetail(envelope: envelope, funderName: row[0] ?? "", allocatedCents: row[1])
        }
    }

    static func allocation(_ db: Database, envelopeId: Int64, id: Int64) throws -> FundingAllocation {
        guard let allocation = try FundingAllocation.fetchOne(db, key: id), allocation.envelopeId == envelopeId else {
            throw RoadmapError.notFound(entity: "fundingAllocation", id: "\(id) of envelope \(envelopeId)")
        }
        return allocation
    }
}
