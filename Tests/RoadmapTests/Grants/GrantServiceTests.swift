import Foundation
import GRDB
import Testing

@testable import Roadmap

/// Grant requests (issue 15): filed for an action on an envelope, examined, accepted or
/// refused, conventioned and paid; the envelope's ceiling at acceptance; the summaries.
@Suite("Grant requests")
struct GrantServiceTests {
    /// An action with a budget of 10 000,00 €, an envelope of 41 000,00 € from a funder with a
    /// SIRET, and two beneficiaries (one with a SIRET, one association with an RNA number).
    struct Setting {
        let services: RoadmapServices
        let actionId: Int64
        let envelopeId: Int64
        let funderId: Int64
        let first: Int64
        let second: Int64
    }

    static func setting(
        _ services: RoadmapServices, budget: Int64? = 1_000_000, envelope amount: Int64 = 4_100_000,
        axis number: Int = 2
    ) async throws -> Setting {
        let axis = try await services.makeAxis(number: number)
        let action = try await services.makeAction(
            axisId: axis.id!, title: "Former les agents d'accueil des mairies", budgetCents: budget)
        let funder = try await services.partners.create(
            PartnerInput(
                name: "Préfecture d'essai", kind: .stateService, roles: [.funder], siret: validSiret("1300101280000")),
            by: .anonymous)
        let envelope = try await services.makeEnvelope(funderId: funder.partner.id!, amountCents: amount)
        let first = try await services.partners.create(
            PartnerInput(name: "GIP d'essai", kind: .gip, siret: validSiret("2532005860001")), by: .anonymous)
        let second = try await services.partners.create(
            PartnerInput(name: "Association des aidants", kind: .association, rna: "W321000123"), by: .anonymous)
        return Setting(
            services: services, actionId: action.action.id!, envelopeId: envelope.envelope.id!,
            funderId: funder.partner.id!, first: first.partner.id!, second: second.partner.id!)
    }

    /// A 14-digit SIRET with a valid Luhn checksum, from its first 13 digits.
    static func validSiret(_ prefix: String) -> String {
        for last in 0...9 where Identifiers.siretProblem(prefix + String(last)) == nil { return prefix + String(last) }
        fatalError("no checksum digit for \(prefix)")
    }

    static func file(_ s: Setting, _ cents: Int64 = 800_000, split: (Int64, Int64)? = nil) async throws -> GrantDetail {
        let parts = split ?? (cents, 0)
        var beneficiaries = [BeneficiaryInput(partnerId: s.first, requestedCents: parts.0)]
        if parts.1 > 0 { beneficiaries.append(BeneficiaryInput(partnerId: s.second, requestedCents: parts.1)) }
        return try await s.services.grants.create(
            GrantInput(
                actionId: s.actionId, envelopeId: s.envelopeId, requestedCents: cents, beneficiaries: beneficiaries,
                paymentConditions: .instalments),
            by: .anonymous)
    }

    static func move(_ s: Setting, _ id: Int64, _ build: (inout GrantPatch) -> Void) async throws -> GrantDetail {
        var patch = GrantPatch()
        build(&patch)
        return try await s.services.grants.update(id: id, patch, by: .anonymous)
    }

    /// Moves a submitted request through review and acceptance to its convention.
    static func convention(_ s: Setting, _ id: Int64, granted: Int64, on date: String) async throws {
        _ = try await move(s, id) { $0.status = .set(.underReview) }
        _ = try await move(s, id) {
            $0.status = .set(.accepted)
            $0.grantedCents = .set(granted)
        }
        _ = try await move(s, id) {
            $0.status = .set(.conventioned)
            $0.conventionDate = .set(date)
        }
    }

    @Test("the whole cycle: filed, examined, accepted for less, conventioned, paid twice, then closed")
    func lifecycle() async throws {
        // setup
        let s = try await Self.setting(try makeServices(seed: .none))
        // MUT
        let filed = try await Self.file(s, 800_000, split: (500_000, 300_000))
        #expect(filed.grant.status == .submitted)
        let id = filed.grant.id!
        _ = try await Self.move(s, id) { $0.status = .set(.underReview) }
        let accepted = try await Self.move(s, id) {
            $0.status = .set(.accepted)
            $0.grantedCents = .set(600_000)
        }
        // validate: the granted amount is shared in proportion, in exact cents
        #expect(accepted.grant.grantedCents == 600_000)
        #expect(accepted.beneficiaries.map(\.grantedCents) == [375_000, 225_000])
        #expect(accepted.grant.decidedOn != nil)
        var envelope = try await s.services.funding.envelope(id: s.envelopeId)
        #expect(envelope.awardedCents == 600_000 && envelope.remainingCents == 3_500_000)
        let conventioned = try await Self.move(s, id) {
            $0.status = .set(.conventioned)
            $0.conventionDate = .set("2026-03-15")
            $0.decisionReference = .set("Arrêté préfectoral 2026-041")
        }
        #expect(conventioned.grant.status == .conventioned)
        _ = try await s.services.grants.pay(
            grantId: id, PaymentInput(paidOn: "2026-04-01", amountCents: 400_000), by: .anonymous)
        #expect(try await s.services.grants.get(id: id).grant.status == .conventioned)
        _ = try await s.services.grants.pay(
            grantId: id, PaymentInput(paidOn: "2026-09-30", amountCents: 200_000), by: .anonymous)
        let closed = try await s.services.grants.get(id: id)
        #expect(closed.grant.status == .closed)
        #expect(closed.paidCents == 600_000 && closed.remainingToPayCents == 0)
        envelope = try await s.services.funding.envelope(id: s.envelopeId)
        #expect(envelope.paidCents == 600_000 && envelope.requestedCents == 800_000)
        let plan = try await s.services.funding.plan(actionId: s.actionId)
        #expect(plan.awardedCents == 600_000 && plan.paidCents == 600_000 && plan.financedCents == 600_000)
        #expect(plan.coverageBasisPoints == 6_000)
    }

    @Test("cents shared by largest remainder: the parts always add up to the granted amount")
    func splitAddsUp() {
        let rows = (0..<3).map {
            GrantBeneficiary(grantId: 1, partnerId: Int64($0 + 1), position: $0, requestedCents: 100, grantedCents: nil)
        }
        let parts = GrantService.split(100, among: rows).map { $0.grantedCents! }
        #expect(parts == [34, 33, 33])
        #expect(GrantService.split(1, among: rows).map { $0.grantedCents! } == [1, 0, 0])
        #expect(GrantService.split(299, among: rows).map { $0.grantedCents! }.reduce(0, +) == 299)
    }

    @Test("percentages of thirds add up to exactly 1: 0.3334 + 0.3333 + 0.3333")
    func sharesAddUp() {
        let shares = GrantService.proportional(10_000, weights: [100, 100, 100])
        #expect(shares == [3_334, 3_333, 3_333])
        #expect(GrantService.proportional(10_000, weights: [2, 1]) == [6_667, 3_333])
        #expect(GrantService.proportional(10_000, weights: [0, 0]) == [0, 0])
    }

    @Test("a payment dated before the convention is refused, naming paidOn")
    func paymentBeforeConvention() async throws {
        let s = try await Self.setting(try makeServices(seed: .none))
        let id = try await Self.file(s, 300_000).grant.id!
        try await Self.convention(s, id, granted: 300_000, on: "2026-03-15")
        do {
            _ = try await s.services.grants.pay(
                grantId: id, PaymentInput(paidOn: "2026-03-14", amountCents: 1), by: .anonymous)
            Issue.record("a payment before the convention was accepted")
        } catch RoadmapError.invalid(let errors) {
            #expect(errors.map(\.field) == ["paidOn"])
        }
    }

    @Test("a request names partners whose parts add up to it, within the action's budget")
    func requestRules() async throws {
        let s = try await Self.setting(try makeServices(seed: .none))
        // parts that do not add up
        await #expect(throws: RoadmapError.self) {
            _ = try await s.services.grants.create(
                GrantInput(
                    actionId: s.actionId, envelopeId: s.envelopeId, requestedCents: 100_000,
                    beneficiaries: [BeneficiaryInput(partnerId: s.first, requestedCents: 90_000)]),
                by: .anonymous)
        }
        do {
            _ = try await Self.file(s, 1_000_001)
            Issue.record("a request over the budget was accepted")
        } catch RoadmapError.conflict(let detail, _) {
            #expect(detail.contains("exceeds the budget"))
        }
        do {
            _ = try await s.services.grants.create(
                GrantInput(
                    actionId: s.actionId, envelopeId: s.envelopeId, requestedCents: 100, staffCents: 60,
                    beneficiaries: [BeneficiaryInput(partnerId: s.first, requestedCents: 100)]),
                by: .anonymous)
            Issue.record("a split with one part was accepted")
        } catch RoadmapError.invalid(let errors) {
            #expect(errors.map(\.field) == ["servicesCents"])
        }
        let count = try await s.services.grants.list(GrantQuery(page: try PageRequest(limit: 10, cursor: nil)))
        #expect(count.items.isEmpty, "nothing is stored by a refused request")
    }

    @Test("an illegal move is a 409 naming the allowed next states; each move needs its data")
    func workflow() async throws {
        let s = try await Self.setting(try makeServices(seed: .none))
        let id = try await Self.file(s).grant.id!
        do {
            _ = try await Self.move(s, id) {
                $0.status = .set(.accepted)
                $0.grantedCents = .set(1)
            }
            Issue.record("submitted → accepted was allowed")
        } catch RoadmapError.conflict(let detail, _) {
            #expect(detail.contains("allowed next states: under_review, withdrawn"))
        }
        _ = try await Self.move(s, id) { $0.status = .set(.underReview) }
        do {
            _ = try await Self.move(s, id) { $0.status = .set(.accepted) }
            Issue.record("an acceptance without an amount was allowed")
        } catch RoadmapError.invalid(let errors) {
            #expect(errors.map(\.field) == ["grantedCents"])
        }
        do {
            _ = try await Self.move(s, id) { $0.status = .set(.refused) }
            Issue.record("a refusal without a reason was allowed")
        } catch RoadmapError.invalid(let errors) {
            #expect(errors.map(\.field) == ["refusalReason"])
        }
        let refused = try await Self.move(s, id) {
            $0.status = .set(.refused)
            $0.refusalReason = .set("Hors du champ de l'enveloppe")
        }
        #expect(refused.grant.status == .refused && refused.grant.grantedCents == nil)
        #expect(GrantWorkflow.next(from: .refused).isEmpty)
        await #expect(throws: RoadmapError.self) { _ = try await Self.move(s, id) { $0.status = .set(.withdrawn) } }
    }

    @Test("acceptance over what remains of the envelope is a 409 giving the remainder; nothing changes")
    func ceiling() async throws {
        let s = try await Self.setting(try makeServices(seed: .none), envelope: 700_000)
        _ = try await s.services.makeAllocation(envelopeId: s.envelopeId, actionId: s.actionId, amountCents: 200_000)
        let id = try await Self.file(s, 800_000).grant.id!
        _ = try await Self.move(s, id) { $0.status = .set(.underReview) }
        do {
            _ = try await Self.move(s, id) {
                $0.status = .set(.accepted)
                $0.grantedCents = .set(500_001)
            }
            Issue.record("an acceptance over the envelope was allowed")
        } catch RoadmapError.conflict(let detail, _) {
            #expect(detail.contains("500000 cents"))
        }
        #expect(try await s.services.grants.get(id: id).grant.status == .underReview)
        let accepted = try await Self.move(s, id) {
            $0.status = .set(.accepted)
            $0.grantedCents = .set(500_000)
        }
        #expect(accepted.grant.status == .accepted)
        #expect(try await s.services.funding.envelope(id: s.envelopeId).remainingCents == 0)
        // An allocation cannot take what was granted either.
        await #expect(throws: RoadmapError.self) {
            _ = try await s.services.makeAllocation(envelopeId: s.envelopeId, actionId: s.actionId, amountCents: 1)
        }
    }

    @Test("two acceptances racing for the last euros: exactly one wins, the envelope is never overdrawn")
    func race() async throws {
        // setup: a file database, so that the writers really race
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .none))
        let s = try await Self.setting(services, envelope: 1_000_000)
        var ids: [Int64] = []
        for _ in 0..<8 {
            let id = try await Self.file(s, 600_000).grant.id!
            _ = try await Self.move(s, id) { $0.status = .set(.underReview) }
            ids.append(id)
        }
        // MUT: 10 000,00 € in the envelope; eight acceptances of 6 000,00 € at once.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for id in ids {
                group.addTask {
                    do {
                        _ = try await Self.move(s, id) {
                            $0.status = .set(.accepted)
                            $0.grantedCents = .set(600_000)
                        }
                        return true
                    } catch RoadmapError.conflict {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        // validate
        #expect(outcomes.filter { $0 }.count == 1)
        let envelope = try await services.funding.envelope(id: s.envelopeId)
        #expect(envelope.awardedCents == 600_000 && envelope.remainingCents == 400_000)
    }

    @Test("payments: only on a conventioned grant, never beyond what was granted; deleting one reopens a closed grant")
    func payments() async throws {
        let s = try await Self.setting(try makeServices(seed: .none))
        let id = try await Self.file(s, 300_000).grant.id!
        await #expect(throws: RoadmapError.self) {
            _ = try await s.services.grants.pay(
                grantId: id, PaymentInput(paidOn: "2026-04-01", amountCents: 1), by: .anonymous)
        }
        try await Self.convention(s, id, granted: 300_000, on: "2026-03-15")
        do {
            _ = try await s.services.grants.pay(
                grantId: id, PaymentInput(paidOn: "2026-04-01", amountCents: 300_001), by: .anonymous)
            Issue.record("an over-payment was accepted")
        } catch RoadmapError.conflict(let detail, _) {
            #expect(detail.contains("300000 cents"))
        }
        let payment = try await s.services.grants.pay(
            grantId: id, PaymentInput(paidOn: "2026-04-01", amountCents: 300_000), by: .anonymous)
        #expect(try await s.services.grants.get(id: id).grant.status == .closed)
        try await s.services.grants.deletePayment(grantId: id, id: payment.id!, by: .anonymous)
        let reopened = try await s.services.grants.get(id: id)
        #expect(reopened.grant.status == .conventioned && reopened.paidCents == 0)
        // A granted request is the record of a decision: it is not deleted.
        await #expect(throws: RoadmapError.self) { try await s.services.grants.delete(id: id, by: .anonymous) }
    }

    @Test("the SCDL file lists complete conventioned grants; readiness names what the others lack")
    func export() async throws {
        let s = try await Self.setting(try makeServices(seed: .none))
        let id = try await Self.file(s, 800_000, split: (500_000, 300_000)).grant.id!
        _ = try await Self.move(s, id) { $0.status = .set(.underReview) }
        _ = try await Self.move(s, id) {
            $0.status = .set(.accepted)
            $0.grantedCents = .set(800_000)
        }
        // Accepted but not conventioned: not in the file, not in the readiness list.
        #expect(try await s.services.funding.exportCSV().split(separator: "\r\n").count == 1)
        _ = try await Self.move(s, id) {
            $0.status = .set(.conventioned)
            $0.conventionDate = .set("2026-03-15")
        }
        // Conventioned without a payment nor a planned period: it lacks datesPeriodeVersement.
        let readiness = try await s.services.funding.exportReadiness()
        #expect(readiness.map(\.missing) == [["datesPeriodeVersement"], ["datesPeriodeVersement"]])
        _ = try await Self.move(s, id) {
            $0.paymentPeriodStart = .set("2026-04-01")
            $0.paymentPeriodEnd = .set("2026-12-31")
        }
        #expect(try await s.services.funding.exportReadiness().isEmpty)
        let lines = try await s.services.funding.exportCSV().dropFirst().split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(lines[0] == FundingService.scdlColumns)
        #expect(lines.count == 3)
        let column = { (row: [String], name: String) in row[FundingService.scdlColumns.firstIndex(of: name)!] }
        for row in lines.dropFirst() {
            // The schema's two custom checks: SIRET checksums, and one of SIRET or RNA.
            #expect(Identifiers.siretProblem(column(row, "idAttribuant")) == nil)
            let siret = column(row, "idBeneficiaire")
            #expect(siret.isEmpty ? !column(row, "rnaBeneficiaire").isEmpty : Identifiers.siretProblem(siret) == nil)
            #expect(column(row, "notificationUE") == "non")
            #expect(column(row, "datesPeriodeVersement") == "2026-04-01/2026-12-31")
            #expect(column(row, "conditionsVersement") == "échelonné")
        }
        // montant: the whole grant, before it is shared; the share is pourcentageSubvention.
        #expect(lines.dropFirst().map { column($0, "montant") } == ["8000.00", "8000.00"])
        #expect(lines.dropFirst().map { column($0, "pourcentageSubvention") } == ["0.6250", "0.3750"])
        #expect(column(lines[2], "rnaBeneficiaire") == "W321000123")
    }

    @Test("migration v7 keeps every allocation and amount; summaries add up the same way")
    func migrationKeepsAllocations() throws {
        // setup: a database at v6 filled through the old schema
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v6-changes-in-api-terms")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO partner(id, name, nameKey, kind, createdAt, updatedAt) VALUES (1, 'Préfecture du Gers', 'prefecture du gers', 'state_service', '2025-01-24', '2025-01-24');
                    INSERT INTO axis(id, number, title, isOptional, createdAt, updatedAt) VALUES (1, 1, 'Axe', 0, '2025-01-24', '2025-01-24');
                    INSERT INTO action(id, axisId, title, titleKey, status, progressBasisPoints, budgetCents, createdAt, updatedAt) VALUES (1, 1, 'Action', 'action', 'draft', 0, 5000000, '2025-01-24', '2025-01-24');
                    INSERT INTO fundingEnvelope(id, funderId, label, amountCents, createdAt, updatedAt) VALUES (1, 1, 'Conseillers numériques', 4100000, '2025-01-24', '2025-01-24');
                    INSERT INTO fundingAllocation(id, envelopeId, actionId, amountCents, createdAt, updatedAt) VALUES (1, 1, 1, 1234567, '2025-01-24', '2025-01-24');
                    INSERT INTO fundingAllocation(id, envelopeId, actionId, amountCents, createdAt, updatedAt) VALUES (2, 1, 1, 1, '2025-01-24', '2025-01-24');
                    """)
        }
        // MUT
        try Migrations.migrator.migrate(queue)
        // validate
        let allocations = try queue.read { db in try FundingAllocation.order(FundingAllocation.Columns.id).fetchAll(db)
        }
        #expect(allocations.map(\.amountCents) == [1_234_567, 1])
        let details = try queue.read { db in try FundingService.details(db, try FundingEnvelope.fetchAll(db)) }
        #expect(details.map(\.allocatedCents) == [1_234_568])
        #expect(details.map(\.remainingCents) == [4_100_000 - 1_234_568])
        #expect(details.map(\.awardedCents) == [0])
    }

    @Test("summary identities hold with grants: granted = allocated + awarded + remaining, overall = Σ envelopes")
    func summaryIdentities() async throws {
        let s = try await Self.setting(try makeServices(seed: .gers), axis: 20)
        _ = try await s.services.makeAllocation(envelopeId: s.envelopeId, actionId: s.actionId, amountCents: 100_000)
        let id = try await Self.file(s, 700_000).grant.id!
        _ = try await Self.move(s, id) { $0.status = .set(.underReview) }
        _ = try await Self.move(s, id) {
            $0.status = .set(.accepted)
            $0.grantedCents = .set(650_000)
        }
        let summary = try await s.services.funding.summary()
        let totals = [summary.overall] + summary.byFunder.map(\.totals) + summary.byAxis.map(\.totals)
        for total in totals {
            #expect(total.grantedCents == total.allocatedCents + total.awardedCents + total.remainingCents)
        }
        #expect(summary.overall.awardedCents == 650_000 && summary.overall.requestedCents == 700_000)
        #expect(summary.overall.awardedCents == summary.byEnvelope.reduce(0) { $0 + $1.awardedCents })
        #expect(summary.overall.awardedCents == summary.byFunder.reduce(0) { $0 + $1.totals.awardedCents })
        #expect(summary.overall.remainingCents == summary.byAxis.reduce(0) { $0 + $1.totals.remainingCents })
    }
}
