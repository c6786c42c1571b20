import Foundation
import GRDB

/// Grant requests and their rules: an existing action with a budget the request does not
/// exceed, an existing envelope, existing and distinct beneficiaries whose parts add up to the
/// request, the workflow (``GrantWorkflow``) with what each move needs, and the envelope's
/// ceiling checked at acceptance in the same transaction as the decision: one writer commits
/// at a time, so two acceptances racing for the last euros cannot both succeed.
public struct GrantService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    /// The most beneficiaries one request names.
    public static let maximumBeneficiaries = 20

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// One page of grant requests, by id.
    public func list(_ query: GrantQuery) async throws -> Page<GrantDetail> {
        var v = Validator()
        v.listIds(query.ids)
        for (value, field) in [
            (query.envelopeId, "envelopeId"), (query.actionId, "actionId"), (query.partnerId, "partnerId"),
        ] {
            if let value { v.atLeast(value, field, 1) }
        }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<GrantRequest>()
            var request = GrantRequest.all().aliased(alias).filter(listIds: query.ids)
            if let id = query.envelopeId { request = request.filter(GrantRequest.Columns.envelopeId == id) }
            if let id = query.actionId { request = request.filter(GrantRequest.Columns.actionId == id) }
            if let id = query.partnerId {
                request = request.filter(
                    sql: "grantRequest.id IN (SELECT grantId FROM grantBeneficiary WHERE partnerId = ?)",
                    arguments: [id])
            }
            if !query.statuses.isEmpty {
                request = request.filter(query.statuses.map(\.rawValue).contains(GrantRequest.Columns.status))
            }
            let page = try Keyset.fetch(db, request, id: alias[Column("id")], sort: .byId(alias), page: query.page) {
                ($0.id!.databaseValue, $0.id!)
            }
            return Page(items: try GrantService.details(db, page.items), nextCursor: page.nextCursor)
        }
    }

    /// One grant request.
    public func get(id: Int64) async throws -> GrantDetail {
        try await database.read { db in try GrantService.detail(db, id: id) }
    }

    /// Files a grant request; it starts as `submitted`.
    public func create(_ input: GrantInput, by caller: Caller) async throws -> GrantDetail {
        var faults = Validator()
        let grant = input.record(today: clock.today, &faults)
        GrantService.checkBeneficiaries(input.beneficiaries, total: input.requestedCents, &faults)
        try grant.validate(adding: faults)
        return try await database.write(by: caller, clock: clock) { write in
            try GrantService.checkReferences(write.db, grant, beneficiaries: input.beneficiaries)
            try GrantService.checkBudget(write.db, grant)
            var grant = grant
            try write.insert(&grant) { grant in
                let rows = try GrantService.replaceBeneficiaries(
                    write.db, grantId: grant.id!, with: input.beneficiaries)
                return GrantDetail.LogEntry(grant: grant, beneficiaries: rows)
            }
            return try GrantService.detail(write.db, id: grant.id!)
        }
    }

    /// Changes a grant request; a new `status` follows the workflow, with what the move needs.
    public func update(
        id: Int64, _ patch: GrantPatch, by caller: Caller, ifMatch: Precondition<GrantDetail>? = nil
    ) async throws -> GrantDetail {
        let today = clock.today
        return try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let current = try GrantService.detail(db, id: id)
            let storedBeneficiaries = try GrantService.beneficiaryRows(db, grantId: id)
            var faults = Validator()
            var grant = current.grant
            patch.apply(to: &grant, &faults)
            let beneficiaries =
                patch.beneficiaries.newValue
                ?? storedBeneficiaries.map {
                    BeneficiaryInput(partnerId: $0.partnerId, requestedCents: $0.requestedCents)
                }
            let amountsChanged =
                patch.beneficiaries.newValue != nil || grant.requestedCents != current.grant.requestedCents
            if amountsChanged { GrantService.checkBeneficiaries(beneficiaries, total: grant.requestedCents, &faults) }
            // Field rules first (400), then the precondition (412), then the workflow (409
            // naming the next states), then what the move needs (400).
            try grant.validate(adding: faults)
            try ifMatch.verify(current)
            try GrantWorkflow.check(from: current.grant.status, to: grant.status)
            var moveFaults = Validator()
            GrantService.checkMove(from: current.grant, to: &grant, patch: patch, today: today, &moveFaults)
            try grant.validate(adding: moveFaults)
            if amountsChanged, ![.submitted, .underReview].contains(current.grant.status) {
                throw RoadmapError.conflict(
                    detail:
                        "The amount requested and the beneficiaries are fixed once the request is decided (\(current.grant.status.rawValue))."
                )
            }
            if grant.grantedCents != current.grant.grantedCents, current.grant.status != .underReview {
                throw RoadmapError.conflict(
                    detail: "The granted amount is set when the request is accepted, and not changed afterwards.")
            }
            try GrantService.checkReferences(db, grant, beneficiaries: patch.beneficiaries.newValue ?? [])
            if grant.requestedCents != current.grant.requestedCents || grant.actionId != current.grant.actionId {
                try GrantService.checkBudget(db, grant)
            }
            if grant.status == .accepted, current.grant.status != .accepted {
                let envelope = try FundingService.envelopeDetail(db, id: grant.envelopeId)
                try FundingService.checkCeiling(envelope, adding: grant.grantedCents ?? 0, as: "granted")
            }
            if grant.status == .closed, current.grant.status != .closed, current.paidCents != grant.grantedCents {
                throw RoadmapError.conflict(
                    detail:
                        "A grant is closed when fully paid: \(Money.french(current.paidCents)) of \(Money.french(grant.grantedCents ?? 0)) paid so far."
                )
            }
            var rows =
                amountsChanged
                ? GrantService.rows(grantId: id, beneficiaries)
                : storedBeneficiaries
            if grant.status == .accepted, current.grant.status != .accepted {
                rows = GrantService.split(grant.grantedCents ?? 0, among: rows)
            }
            let changed = try write.update(
                &grant, from: current.grant, relatedChanged: rows != storedBeneficiaries,
                loggedFrom: GrantDetail.LogEntry(grant: current.grant, beneficiaries: storedBeneficiaries)
            ) { grant in
                if rows != storedBeneficiaries { try GrantService.write(db, grantId: id, rows) }
                return GrantDetail.LogEntry(grant: grant, beneficiaries: rows)
            }
            return changed ? try GrantService.detail(db, id: id) : current
        }
    }

    /// Deletes a grant request that moved no money: submitted, under review, refused or
    /// withdrawn (409 otherwise), with its beneficiaries.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<GrantDetail>? = nil) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let detail = try GrantService.detail(write.db, id: id)
            try ifMatch.verify(detail)
            guard !GrantStatus.awarded.contains(detail.grant.status) else {
                throw RoadmapError.conflict(
                    detail:
                        "A grant request that was granted money (\(detail.grant.status.rawValue)) is kept: it is the record of a decision.",
                    references: [
                        Reference(
                            GrantRequest.self, id: id,
                            label: "\(detail.grant.status.rawValue), \(Money.french(detail.grant.grantedCents ?? 0))")
                    ])
            }
            try DocumentService.checkNoneAttached(write.db, to: .grant(id), "this grant request")
            let decisions = try Int64.fetchAll(
                write.db, sql: "SELECT decisionId FROM decisionGrant WHERE grantId = ? ORDER BY decisionId LIMIT 20",
                arguments: [id])
            guard decisions.isEmpty else {
                throw RoadmapError.conflict(
                    detail: "Decisions of the governance concern this grant request; take it out of them first.",
                    references: decisions.map { Reference(MeetingDecision.self, id: $0, label: "decision \($0)") })
            }
            let rows = try GrantService.beneficiaryRows(write.db, grantId: id)
            try GrantBeneficiary.filter(GrantBeneficiary.Columns.grantId == id).deleteAll(write.db)
            try detail.grant.delete(write.db)
            try write.logDeleted(
                GrantRequest.self, id: id, GrantDetail.LogEntry(grant: detail.grant, beneficiaries: rows))
        }
    }

    // MARK: Rules

    /// The beneficiaries: at least one, at most ``maximumBeneficiaries``, distinct partners,
    /// each part more than 0, adding up to the request.
    static func checkBeneficiaries(_ beneficiaries: [BeneficiaryInput], total: Int64, _ v: inout Validator) {
        guard !beneficiaries.isEmpty else {
            v.fail("beneficiaries", "must name at least one partner")
            return
        }
        v.require(
            beneficiaries.count <= maximumBeneficiaries, "beneficiaries",
            "must name at most \(maximumBeneficiaries) partners")
        v.require(
            Set(beneficiaries.map(\.partnerId)).count == beneficiaries.count, "beneficiaries",
            "must name each partner once")
        var sum: Int64 = 0
        for (index, beneficiary) in beneficiaries.enumerated() {
            v.atLeast(beneficiary.partnerId, "beneficiaries[\(index)].partnerId", 1)
            v.cents(beneficiary.requestedCents, "beneficiaries[\(index)].requestedCents")
            sum = sum.addingReportingOverflow(max(0, beneficiary.requestedCents)).partialValue
        }
        v.require(
            sum == total, "beneficiaries",
            "the beneficiaries' requestedCents add up to \(sum), not to requestedCents (\(total))")
    }

    /// What a move of status needs, and what it sets: the granted amount to accept, a reason
    /// to refuse, a convention date to convention; the decision date at acceptance or refusal.
    static func checkMove(
        from current: GrantRequest, to grant: inout GrantRequest, patch: GrantPatch, today: CalendarDate,
        _ v: inout Validator
    ) {
        guard grant.status != current.status else {
            v.require(
                current.grantedCents == grant.grantedCents, "grantedCents",
                "is set with status accepted (PATCH {\"status\": \"accepted\", \"grantedCents\": …})")
            if patch.decidedOn.newValue != nil, current.decidedOn == nil {
                v.fail("decidedOn", "is given with status accepted or refused")
            }
            if patch.refusalReason.newValue != nil, current.status != .refused {
                v.fail("refusalReason", "is given with status refused")
            }
            if patch.conventionDate.newValue != nil, ![.conventioned, .closed].contains(current.status) {
                v.fail("conventionDate", "is given with status conventioned")
            }
            return
        }
        switch grant.status {
        case .accepted:
            v.require(grant.grantedCents != nil, "grantedCents", "is required to accept a request")
            if patch.decidedOn.newValue == nil { grant.decidedOn = today }
        case .refused:
            v.require(
                grant.refusalReason.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? false,
                "refusalReason", "is required to refuse a request")
            if patch.decidedOn.newValue == nil { grant.decidedOn = today }
        case .conventioned:
            v.require(grant.conventionDate != nil, "conventionDate", "is required to convention a grant")
        default:
            break
        }
        if patch.grantedCents.newValue != nil, grant.status != .accepted {
            v.fail("grantedCents", "is set with status accepted")
        }
        if patch.refusalReason.newValue != nil, grant.status != .refused {
            v.fail("refusalReason", "is given with status refused")
        }
    }

    /// The action, the envelope and the beneficiaries named must exist (422 naming each).
    static func checkReferences(_ db: Database, _ grant: GrantRequest, beneficiaries: [BeneficiaryInput]) throws {
        var errors: [FieldError] = []
        if try !Action.exists(db, primaryKey: grant.actionId) {
            errors.append(FieldError(field: "actionId", message: "no action has id \(grant.actionId)"))
        }
        if try !FundingEnvelope.exists(db, primaryKey: grant.envelopeId) {
            errors.append(FieldError(field: "envelopeId", message: "no envelope has id \(grant.envelopeId)"))
        }
        for (index, beneficiary) in beneficiaries.enumerated()
        where try !Partner.exists(db, primaryKey: beneficiary.partnerId) {
            errors.append(
                FieldError(
                    field: "beneficiaries[\(index)].partnerId", message: "no partner has id \(beneficiary.partnerId)"))
        }
        if !errors.isEmpty { throw RoadmapError.unprocessable(errors) }
    }

    /// A request cannot exceed the action's budget (409), and needs one (422).
    static func checkBudget(_ db: Database, _ grant: GrantRequest) throws {
        guard let action = try Action.fetchOne(db, primaryKey: grant.actionId) else { return }
        guard let budget = action.budgetCents, budget > 0 else {
            throw RoadmapError.unprocessable(
                "actionId", "« \(action.title) » has no budget: set its budgetCents before requesting a grant for it")
        }
        guard grant.requestedCents <= budget else {
            throw RoadmapError.conflict(
                detail:
                    "The request (\(Money.french(grant.requestedCents))) exceeds the budget of « \(action.title) » (\(Money.french(budget))).",
                references: [Reference(Action.self, id: action.id!, label: "budget \(budget) cents")])
        }
    }

    /// The granted amount shared in proportion to what each beneficiary requested, in exact
    /// cents (``proportional(_:weights:)``).
    static func split(_ granted: Int64, among rows: [GrantBeneficiary]) -> [GrantBeneficiary] {
        let parts = proportional(granted, weights: rows.map(\.requestedCents))
        var result = rows
        for index in result.indices { result[index].grantedCents = parts[index] }
        return result
    }

    /// `total` shared in proportion to `weights`, in whole units that add up to `total`: each
    /// part gets its floor, and the units left go one by one to the largest remainders (the
    /// earlier part first on a tie). All zeros when the weights are.
    static func proportional(_ total: Int64, weights: [Int64]) -> [Int64] {
        let sum = weights.reduce(Int64(0)) { $0 + $1 }
        guard sum > 0 else { return weights.map { _ in 0 } }
        let divided = weights.map { Money.divide($0, times: total, by: sum) }
        var parts = divided.map(\.0)
        var left = total - parts.reduce(Int64(0)) { $0 + $1 }
        let order = parts.indices.sorted {
            divided[$0].1 != divided[$1].1 ? divided[$0].1 > divided[$1].1 : $0 < $1
        }
        for index in order where left > 0 {
            parts[index] += 1
            left -= 1
        }
        return parts
    }

    // MARK: Queries

    static func detail(_ db: Database, id: Int64) throws -> GrantDetail {
        try details(db, [try GrantRequest.find(db, id: id)])[0]
    }

    static func details(_ db: Database, _ grants: [GrantRequest]) throws -> [GrantDetail] {
        let ids = grants.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let beneficiaries = Dictionary(
            grouping: try Row.fetchAll(
                db,
                sql: """
                    SELECT grantBeneficiary.*, partner.name AS partnerName FROM grantBeneficiary
                    JOIN partner ON partner.id = grantBeneficiary.partnerId
                    WHERE grantId IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY grantId, position
                    """, arguments: StatementArguments(ids)),
            by: { $0["grantId"] as Int64 })
        let decisions = try GovernanceService.mentions(db, .grants, ids: ids)
        let paid = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(
                db,
                sql: """
                    SELECT grantId, sum(amountCents) FROM grantPayment
                    WHERE grantId IN (\(ids.map { _ in "?" }.joined(separator: ","))) GROUP BY grantId
                    """, arguments: StatementArguments(ids)
            ).map { ($0[0] as Int64, $0[1] as Int64) })
        return grants.map { grant in
            GrantDetail(
                grant: grant,
                beneficiaries: (beneficiaries[grant.id!] ?? []).map {
                    GrantDetail.Beneficiary(
                        partnerId: $0["partnerId"], partnerName: $0["partnerName"],
                        requestedCents: $0["requestedCents"],
                        grantedCents: $0["grantedCents"])
                },
                paidCents: paid[grant.id!] ?? 0, decisions: decisions[grant.id!] ?? [])
        }
    }

    static func beneficiaryRows(_ db: Database, grantId: Int64) throws -> [GrantBeneficiary] {
        try GrantBeneficiary.filter(GrantBeneficiary.Columns.grantId == grantId).order(
            GrantBeneficiary.Columns.position
        ).fetchAll(db)
    }

    static func rows(grantId: Int64, _ beneficiaries: [BeneficiaryInput]) -> [GrantBeneficiary] {
        beneficiaries.enumerated().map { index, beneficiary in
            GrantBeneficiary(
                grantId: grantId, partnerId: beneficiary.partnerId, position: index,
                requestedCents: beneficiary.requestedCents, grantedCents: nil)
        }
    }

    @discardableResult
    static func replaceBeneficiaries(
        _ db: Database, grantId: Int64, with beneficiaries: [BeneficiaryInput]
    ) throws -> [GrantBeneficiary] {
        let rows = rows(grantId: grantId, beneficiaries)
        try write(db, grantId: grantId, rows)
        return rows
    }

    static func write(_ db: Database, grantId: Int64, _ rows: [GrantBeneficiary]) throws {
        try GrantBeneficiary.filter(GrantBeneficiary.Columns.grantId == grantId).deleteAll(db)
        for row in rows { try row.insert(db) }
    }
}
