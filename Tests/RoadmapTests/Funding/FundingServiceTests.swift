import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Funding")
struct FundingServiceTests {
    /// An action with a budget, for allocations and co-financing, on a new axis 1 and led by
    /// a new « Gers Numérique ».
    private func action(_ services: RoadmapServices, budget: Int64? = 10_000_00) async throws -> Int64 {
        let axis = try await services.makeAxis(number: 1)
        let lead = try await services.makePartner("Gers Numérique", kind: .other)
        return try await services.actions.create(
            ActionInput(
                axisId: axis.id!, leadPartnerId: lead.partner.id!, title: "Recrutement de médiateurs",
                budgetCents: budget),
            by: .anonymous
        ).action.id!
    }

    /// A funder partner.
    private func funder(
        _ services: RoadmapServices, _ name: String = "Préfecture du Gers", kind: PartnerKind = .stateService
    ) async throws -> Int64 {
        try await services.makePartner(name, kind: kind, roles: [.funder]).partner.id!
    }

    @Test("a fresh start holds the three State envelopes and Gers Numérique's 20 %")
    func seed() async throws {
        // About the seed itself: the amounts and funders of the Gers roadmap.
        let summary = try await makeServices().funding.summary()
        #expect(summary.byEnvelope.map(\.envelope.amountCents) == [4_100_000, 5_000_000, 2_000_000])
        #expect(summary.byEnvelope.allSatisfy { $0.funderName == "Préfecture du Gers" })
        #expect(summary.overall == FundingTotals(grantedCents: 11_100_000, allocatedCents: 0))
        #expect(summary.contributions.map(\.line.shareBasisPoints) == [2_000])
        #expect(summary.contributions.first?.funderName == "Gers Numérique")
    }

    @Test(
        "shares that do not divide evenly still add up exactly",
        arguments: [
            (Int64(10_000), [3_333, 3_333, 3_334], [Int64(3_333), 3_333, 3_334]),
            (Int64(100), [3_333, 3_333, 3_334], [Int64(33), 33, 34]),
            (Int64(100), [3_334, 3_333, 3_333], [Int64(34), 33, 33]),
            (Int64(101), [5_000, 5_000], [Int64(51), 50]),
            (Int64(1), [3_333, 3_333, 3_333], [Int64(0), 0, 0]),
            (Int64(999_999_999), [2_000, 8_000], [Int64(200_000_000), 799_999_999]),
        ])
    func apportion(total: Int64, shares: [Int], expected: [Int64]) {
        let parts = Money.apportion(total, shares: shares)
        #expect(parts == expected)
        let (exactTotal, _) = Money.divide(total, times: Int64(shares.reduce(0, +)), by: 10_000)
        #expect(parts.reduce(0, +) == exactTotal)
    }

    @Test("3 × 33.33 % of an action's budget: the derived amounts add up to the shares' total")
    func thirds() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let id = try await action(services, budget: 100_00)
        var funders: [Int64] = []
        for name in ["Gers Solidaire", "Communauté de communes de la Lomagne Gersoise", "Régie de quartier"] {
            funders.append(try await funder(services, name, kind: .association))
        }
        // MUT
        for funder in funders {
            _ = try await services.funding.createLine(
                FinancingLineInput(funderId: funder, actionId: id, shareBasisPoints: 3_333), by: .anonymous)
        }
        // validate
        let plan = try await services.funding.plan(actionId: id)
        #expect(plan.lines.map(\.derivedAmountCents) == [3_333, 3_333, 3_333])
        #expect(plan.financedCents == 9_999 && plan.coverageBasisPoints == 9_999)
    }

    /// An action 80 % of which a first funder covers, and a second funder.
    private func eightyPercentCovered(_ services: RoadmapServices) async throws -> (action: Int64, funder: Int64) {
        let id = try await action(services)
        let first = try await funder(services, "Gers Solidaire", kind: .association)
        let second = try await funder(services, "Communauté de communes de la Lomagne Gersoise", kind: .epci)
        _ = try await services.funding.createLine(
            FinancingLineInput(funderId: first, actionId: id, shareBasisPoints: 8_000), by: .anonymous)
        return (id, second)
    }

    @Test("a share taking an action's shares past 100 % is refused with what is left")
    func sharesCeiling() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (id, second) = try await eightyPercentCovered(services)
        // MUT
        let error = await roadmapError {
            _ = try await services.funding.createLine(
                FinancingLineInput(funderId: second, actionId: id, shareBasisPoints: 2_001), by: .anonymous)
        }
        // validate
        guard case .conflict(let detail, _) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(detail.contains("2000 basis points"))
    }

    @Test("the shares of an action may reach exactly 100 %")
    func sharesUpToCeiling() async throws {
        let services = try makeServices(seed: .none)
        let (id, second) = try await eightyPercentCovered(services)
        _ = try await services.funding.createLine(
            FinancingLineInput(funderId: second, actionId: id, shareBasisPoints: 2_000), by: .anonymous)
        #expect(try await services.funding.plan(actionId: id).shareBasisPoints == 10_000)
    }

    @Test("an envelope above 10 000 000 000,00 € is refused, so that sums stay exact")
    func envelopeCap() async throws {
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services)
        #expect(
            await roadmapError {
                _ = try await services.funding.createEnvelope(
                    EnvelopeInput(funderId: funderId, label: "X", amountCents: Money.maximumCents + 1), by: .anonymous)
            }?.fields == ["amountCents"])
    }

    @Test("a budget above 10 000 000 000,00 € is refused, so that sums stay exact")
    func budgetCap() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis()
        #expect(
            await roadmapError {
                _ = try await services.actions.create(
                    ActionInput(axisId: axis.id!, title: "X", budgetCents: Money.maximumCents + 1), by: .anonymous)
            }?.fields == ["budgetCents"])
    }

    @Test("an envelope of exactly 10 000 000 000,00 € is accepted")
    func envelopeAtCap() async throws {
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services)
        let envelope = try await services.funding.createEnvelope(
            EnvelopeInput(funderId: funderId, label: "X", amountCents: Money.maximumCents), by: .anonymous)
        #expect(envelope.envelope.amountCents == Money.maximumCents)
    }

    @Test("a line needs an amount or a share")
    func lineNeedsAmountOrShare() async throws {
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services, "Gers Solidaire", kind: .association)
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: funderId, purpose: "x"), by: .anonymous)
            }?.fields == ["amountCents"])
    }

    @Test("a line has an amount or a share, not both")
    func lineNotBothAmountAndShare() async throws {
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services, "Gers Solidaire", kind: .association)
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: funderId, purpose: "x", amountCents: 1, shareBasisPoints: 1),
                    by: .anonymous)
            }?.fields == ["shareBasisPoints"])
    }

    @Test("a line without an action needs a purpose")
    func lineNeedsPurpose() async throws {
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services, "Gers Solidaire", kind: .association)
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: funderId, amountCents: 100), by: .anonymous)
            }?.fields == ["purpose"])
    }

    @Test("a share is at most 100 %")
    func shareAtMostWhole() async throws {
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services, "Gers Solidaire", kind: .association)
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: funderId, purpose: "x", shareBasisPoints: 10_001), by: .anonymous)
            }?.fields == ["shareBasisPoints"])
    }

    /// An envelope of 20 000,00 € with 50 cents left, and the action it is allocated to.
    private func almostSpent(_ services: RoadmapServices) async throws -> (envelope: Int64, action: Int64) {
        let id = try await action(services)
        let envelope = try await services.makeEnvelope(
            funderId: try await funder(services), amountCents: 2_000_000,
            label: "Formation du dispositif « Aidants connect »")
        try await services.makeAllocation(envelopeId: envelope.envelope.id!, actionId: id, amountCents: 1_999_950)
        return (envelope.envelope.id!, id)
    }

    @Test("an over-allocation is refused with the remaining amount")
    func overAllocation() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (envelope, id) = try await almostSpent(services)
        // MUT
        let error = await roadmapError {
            _ = try await services.funding.allocate(
                envelopeId: envelope, AllocationInput(actionId: id, amountCents: 51), by: .anonymous)
        }
        // validate
        guard case .conflict(let detail, _) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(detail.contains("50 cents") && detail.contains("0,50 €"))
    }

    @Test("an allocation may use up what remains of an envelope exactly")
    func allocationUsesUpEnvelope() async throws {
        let services = try makeServices(seed: .none)
        let (envelope, id) = try await almostSpent(services)
        _ = try await services.funding.allocate(
            envelopeId: envelope, AllocationInput(actionId: id, amountCents: 50), by: .anonymous)
        #expect(try await services.funding.envelope(id: envelope).remainingCents == 0)
    }

    @Test("two tasks racing for the last euros: exactly one wins, the envelope is never overdrawn")
    func race() async throws {
        // setup
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .none))
        let id = try await action(services)
        let envelopeId = try await services.makeEnvelope(
            funderId: try await funder(services), amountCents: 2_000_000
        ).envelope.id!
        _ = try await services.funding.allocate(
            envelopeId: envelopeId, AllocationInput(actionId: id, amountCents: 1_990_000), by: .anonymous)
        // MUT: 10 000 cents left; twenty racers each want 6 000.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await services.funding.allocate(
                            envelopeId: envelopeId, AllocationInput(actionId: id, amountCents: 6_000), by: .anonymous)
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
        let envelope = try await services.funding.envelope(id: envelopeId)
        #expect(envelope.allocatedCents == 1_996_000 && envelope.remainingCents == 4_000)
    }

    /// An envelope of 41 000,00 € with 10 000,00 € allocated.
    private func allocatedEnvelope(
        _ services: RoadmapServices
    ) async throws -> (envelope: Int64, allocation: FundingAllocation) {
        let id = try await action(services)
        let envelope = try await services.makeEnvelope(funderId: try await funder(services), amountCents: 4_100_000)
        let allocation = try await services.makeAllocation(
            envelopeId: envelope.envelope.id!, actionId: id, amountCents: 1_000_000)
        return (envelope.envelope.id!, allocation)
    }

    @Test("an envelope cannot shrink below its allocations")
    func envelopeCannotShrink() async throws {
        let services = try makeServices(seed: .none)
        let (envelope, _) = try await allocatedEnvelope(services)
        var patch = EnvelopePatch()
        patch.amountCents = .set(999_999)
        #expect(
            { if case .conflict = $0 { true } else { false } }(
                await roadmapError {
                    _ = try await services.funding.updateEnvelope(id: envelope, patch, by: .anonymous)
                }))
    }

    @Test("an envelope with allocations cannot be deleted; the 409 names them")
    func envelopeWithAllocationsNotDeleted() async throws {
        let services = try makeServices(seed: .none)
        let (envelope, allocation) = try await allocatedEnvelope(services)
        let deletion = await roadmapError { try await services.funding.deleteEnvelope(id: envelope, by: .anonymous) }
        guard case .conflict(_, let references) = deletion else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.id) == [allocation.id!])
    }

    @Test("an envelope whose allocations are deleted can be deleted")
    func envelopeDeletedAfterAllocations() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (envelope, allocation) = try await allocatedEnvelope(services)
        try await services.funding.deleteAllocation(envelopeId: envelope, id: allocation.id!, by: .anonymous)
        // MUT
        try await services.funding.deleteEnvelope(id: envelope, by: .anonymous)
        // validate
        #expect(
            await roadmapError { _ = try await services.funding.envelope(id: envelope) }
                == .notFound(entity: "fundingEnvelope", id: String(envelope)))
    }

    @Test("a funder partner cannot be deleted")
    func funderDeletion() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let funderId = try await funder(services, "Gers Numérique", kind: .other)
        let line = try await services.funding.createLine(
            FinancingLineInput(
                funderId: funderId, purpose: "recrutement du cabinet ONX et de la coordinatrice départementale",
                shareBasisPoints: 2_000),
            by: .anonymous)
        // MUT
        let error = await roadmapError { try await services.partners.delete(id: funderId, by: .anonymous) }
        // validate
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.contains { $0.entity == "financingLine" })
        #expect(references.contains { $0.entity == "financingLine" && $0.id == line.line.id! })
    }

    @Test("summary identities: granted = allocated + remaining everywhere; overall = Σ funders = Σ envelopes = Σ axes")
    func identities() async throws {
        // setup: three envelopes of the State for the whole roadmap, one of the département
        // for axis 3, a contribution without an action.
        let services = try makeServices(seed: .none)
        let id = try await action(services)
        let axis3 = try await services.makeAxis(number: 3)
        let state = try await funder(services)
        let departement = try await funder(services, "Conseil Départemental du Gers", kind: .departement)
        let first = try await services.makeEnvelope(funderId: state, amountCents: 4_100_000, label: "Élaboration")
        _ = try await services.makeEnvelope(funderId: state, amountCents: 5_000_000, label: "Recrutement")
        _ = try await services.makeEnvelope(funderId: state, amountCents: 2_000_000, label: "Aidants connect")
        let gersNumerique = try #require(try await services.actions.get(id: id).action.leadPartnerId)
        _ = try await services.funding.createLine(
            FinancingLineInput(funderId: gersNumerique, purpose: "recrutement", shareBasisPoints: 2_000),
            by: .anonymous)
        // MUT
        let fourth = try await services.funding.createEnvelope(
            EnvelopeInput(
                funderId: departement, label: "Conseil départemental", amountCents: 1_234_567, axisId: axis3.id!),
            by: .anonymous)
        try await services.makeAllocation(envelopeId: first.envelope.id!, actionId: id, amountCents: 333_333)
        try await services.makeAllocation(envelopeId: fourth.envelope.id!, actionId: id, amountCents: 1)
        // validate
        let summary = try await services.funding.summary()
        for totals in [summary.overall] + summary.byFunder.map(\.totals) + summary.byAxis.map(\.totals) {
            #expect(totals.grantedCents == totals.allocatedCents + totals.remainingCents)
        }
        for detail in summary.byEnvelope {
            #expect(detail.envelope.amountCents == detail.allocatedCents + detail.remainingCents)
        }
        let sums = [
            summary.byFunder.map(\.totals), summary.byAxis.map(\.totals),
            summary.byEnvelope.map {
                FundingTotals(grantedCents: $0.envelope.amountCents, allocatedCents: $0.allocatedCents)
            },
        ]
        for parts in sums {
            #expect(parts.reduce(0) { $0 + $1.grantedCents } == summary.overall.grantedCents)
            #expect(parts.reduce(0) { $0 + $1.allocatedCents } == summary.overall.allocatedCents)
        }
        #expect(
            summary.overall
                == FundingTotals(
                    grantedCents: 4_100_000 + 5_000_000 + 2_000_000 + 1_234_567, allocatedCents: 333_333 + 1))
        #expect(summary.plans.map(\.actionId) == [id])
    }

    /// The CSV of a State envelope of 41 000,00 € of which 10 000,50 € go to an action led by
    /// Gers Numérique, and of a second envelope; with the ids of the first and of the allocation.
    private func exported() async throws -> (text: String, envelope: Int64, allocation: Int64) {
        let services = try makeServices(seed: .none)
        let id = try await action(services)
        let state = try await funder(services)
        let envelope = try await services.makeEnvelope(
            funderId: state, amountCents: 4_100_000, label: "Élaboration et mise en œuvre de la feuille de route")
        _ = try await services.makeEnvelope(
            funderId: state, amountCents: 2_000_000, label: "Formation du dispositif « Aidants connect »")
        let allocation = try await services.makeAllocation(
            envelopeId: envelope.envelope.id!, actionId: id, amountCents: 1_000_050)
        return (try await services.funding.exportCSV(), envelope.envelope.id!, allocation.id!)
    }

    @Test("the CSV starts with a byte-order mark and has the 16 SCDL subventions 2.1.1 columns, in order")
    func csvHeader() async throws {
        let (text, _, _) = try await exported()
        #expect(text.hasPrefix("\u{FEFF}"))
        let lines = text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(
            lines[0]
                == "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide"
        )
    }

    @Test("allocations and an envelope's remainder are not grants to anyone: they are not in the SCDL file")
    func csvNoAllocationRows() async throws {
        let (text, _, _) = try await exported()
        let lines = text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1, "only the header: \(lines)")
    }

    @Test(
        "money is written exactly",
        arguments: [
            (Int64(4_100_000), "41000.00", "41\u{202F}000,00 €"), (Int64(5), "0.05", "0,05 €"),
            (Int64(-1_050), "-10.50", "-10,50 €"),
        ])
    func money(cents: Int64, decimal: String, french: String) {
        #expect(Money.decimal(cents) == decimal)
        #expect(Money.french(cents) == french)
    }
}
