import Foundation
import GRDB

/// Payments (« versements ») of conventioned grants: dated instalments that never add up to
/// more than the grant. The payment of the last cent closes the grant, in the same
/// transaction; deleting a payment of a closed grant brings it back to conventioned.
extension GrantService {
    /// The payments of a grant, by date then id.
    public func payments(grantId: Int64) async throws -> [GrantPayment] {
        try await database.read { db in
            _ = try GrantRequest.find(db, id: grantId)
            return try GrantPayment.filter(GrantPayment.Columns.grantId == grantId).order(
                GrantPayment.Columns.paidOn, GrantPayment.Columns.id
            ).fetchAll(db)
        }
    }

    /// One payment of a grant.
    public func payment(grantId: Int64, id: Int64) async throws -> GrantPayment {
        try await database.read { db in try GrantService.payment(db, grantId: grantId, id: id) }
    }

    /// Records a payment of a conventioned grant (409 when the grant is not conventioned, or
    /// when the payment would exceed what remains to pay).
    public func pay(grantId: Int64, _ input: PaymentInput, by caller: Caller) async throws -> GrantPayment {
        var faults = Validator()
        let paidOn = faults.date(input.paidOn, "paidOn")
        let payment = GrantPayment(
            grantId: grantId, paidOn: paidOn ?? CalendarDate("0001-01-01")!, amountCents: input.amountCents,
            notes: input.notes)
        try payment.validate(adding: faults)
        return try await database.write(by: caller, clock: clock) { write in
            let detail = try GrantService.detail(write.db, id: grantId)
            guard detail.grant.status == .conventioned else {
                throw RoadmapError.conflict(
                    detail:
                        "Only a conventioned grant is paid; this one is \(detail.grant.status.rawValue)\(detail.grant.status == .closed ? " (fully paid)" : "")."
                )
            }
            if let paidOn, let convention = detail.grant.conventionDate, paidOn < convention {
                throw RoadmapError.invalid("paidOn", "must not be before the convention date (\(convention))")
            }
            let remaining = detail.remainingToPayCents ?? 0
            guard payment.amountCents <= remaining else {
                throw RoadmapError.conflict(
                    detail:
                        "The payment (\(Money.french(payment.amountCents))) exceeds what remains to pay on this grant: \(Money.french(remaining)) (\(remaining) cents).",
                    references: [
                        Reference(GrantRequest.self, id: grantId, label: "remaining to pay \(remaining) cents")
                    ])
            }
            var payment = payment
            try write.insert(&payment)
            if payment.amountCents == remaining {
                try GrantService.setStatus(write, grantId: grantId, .closed)
            }
            return payment
        }
    }

    /// Deletes a payment (a correction); a closed grant goes back to conventioned.
    public func deletePayment(
        grantId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<GrantPayment>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let payment = try GrantService.payment(write.db, grantId: grantId, id: id)
            try ifMatch.verify(payment)
            try write.delete(payment)
            if try GrantRequest.find(write.db, id: grantId).status == .closed {
                try GrantService.setStatus(write, grantId: grantId, .conventioned)
            }
        }
    }

    // MARK: Queries

    static func payment(_ db: Database, grantId: Int64, id: Int64) throws -> GrantPayment {
        guard let payment = try GrantPayment.fetchOne(db, primaryKey: id), payment.grantId == grantId else {
            throw RoadmapError.notFound(GrantPayment.self, id: id, of: GrantRequest.self, grantId)
        }
        return payment
    }

    /// A move the server makes itself (closing a fully paid grant, reopening it), logged as a
    /// change of the grant like any other.
    static func setStatus(_ write: AuditedWrite, grantId: Int64, _ status: GrantStatus) throws {
        let current = try GrantRequest.find(write.db, id: grantId)
        let rows = try beneficiaryRows(write.db, grantId: grantId)
        var grant = current
        grant.status = status
        try write.update(
            &grant, from: current, relatedChanged: false,
            loggedFrom: GrantDetail.LogEntry(grant: current, beneficiaries: rows)
        ) { GrantDetail.LogEntry(grant: $0, beneficiaries: rows) }
    }
}
