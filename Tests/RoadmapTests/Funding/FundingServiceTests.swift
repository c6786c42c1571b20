import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Funding")
struct FundingServiceTests {
    /// An action with a budget, for allocations and co-financing.
    private func action(_ services: RoadmapServices, budget: Int64? = 10_000_00) async throws -> Int64 {
        try await services.actions.create(
            ActionInput(axisId: 1, leadPartnerId: 3, title: "Recrutement de médiateurs", budgetCents: budget),
            by: .anonymous
        ).action.id!
    }

    @Test("a fresh start holds the three State envelopes and Gers Numérique's 20 %")
    func seed() async throws {
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
        let services = try makeServices()
        let id = try await action(services, budget: 100_00)
        for funder in [4, 5, 6] as [Int64] {
            _ = try await services.funding.createLine(
                FinancingLineInput(funderId: funder, actionId: id, shareBasisPoints: 3_333), by: .anonymous)
        }
        let plan = try await services.funding.plan(actionId: id)
        #expect(plan.lines.map(\.derivedAmountCents) == [3_333, 3_333, 3_333])
        #expect(plan.financedCents == 9_999 && plan.coverageBasisPoints == 9_999)
    }

    @Test("the shares of an action never exceed 100 %")
    func sharesCeiling() async throws {
        let services = try makeServices()
        let id = try await action(services)
        _ = try await services.funding.createLine(
            FinancingLineInput(funderId: 4, actionId: id, shareBasisPoints: 8_000), by: .anonymous)
        let error = await roadmapError {
            _ = try await services.funding.createLine(
                FinancingLineInput(funderId: 5, actionId: id, shareBasisPoints: 2_001), by: .anonymous)
        }
        guard case .conflict(let detail, _) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(detail.contains("2000 basis points"))
        _ = try await services.funding.createLine(
            FinancingLineInput(funderId: 5, actionId: id, shareBasisPoints: 2_000), by: .anonymous)
    }

    @Test("amounts are capped at 10 000 000 000,00 €, so that sums stay exact")
    func caps() async throws {
        let services = try makeServices()
        #expect(
            await roadmapError {
                _ = try await services.funding.createEnvelope(
                    EnvelopeInput(funderId: 1, label: "X", amountCents: Money.maximumCents + 1), by: .anonymous)
            }?.fields == ["amountCents"])
        #expect(
            await roadmapError {
                _ = try await services.actions.create(
                    ActionInput(axisId: 1, title: "X", budgetCents: Money.maximumCents + 1), by: .anonymous)
            }?.fields == ["budgetCents"])
        _ = try await services.funding.createEnvelope(
            EnvelopeInput(funderId: 1, label: "X", amountCents: Money.maximumCents), by: .anonymous)
    }

    @Test("a line has exactly one of an amount and a share, and a purpose without an action")
    func lineRules() async throws {
        let services = try makeServices()
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(FinancingLineInput(funderId: 4, purpose: "x"), by: .anonymous)
            }?.fields == ["amountCents"])
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: 4, purpose: "x", amountCents: 1, shareBasisPoints: 1), by: .anonymous)
            }?.fields == ["shareBasisPoints"])
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: 4, amountCents: 100), by: .anonymous)
            }?.fields == ["purpose"])
        #expect(
            await roadmapError {
                _ = try await services.funding.createLine(
                    FinancingLineInput(funderId: 4, purpose: "x", shareBasisPoints: 10_001), by: .anonymous)
            }?.fields == ["shareBasisPoints"])
    }

    @Test("an over-allocation is refused with the remaining amount")
    func overAllocation() async throws {
        let services = try makeServices()
        let id = try await action(services)
        _ = try await services.funding.allocate(
            envelopeId: 3, AllocationInput(actionId: id, amountCents: 1_999_950), by: .anonymous)
        let error = await roadmapError {
            _ = try await services.funding.allocate(
                envelopeId: 3, AllocationInput(actionId: id, amountCents: 51), by: .anonymous)
        }
        guard case .conflict(let detail, _) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(detail.contains("50 cents") && detail.contains("0,50 €"))
        _ = try await services.funding.allocate(
            envelopeId: 3, AllocationInput(actionId: id, amountCents: 50), by: .anonymous)
        #expect(try await services.funding.envelope(id: 3).remainingCents == 0)
    }

    @Test("two tasks racing for the last euros: exactly one wins, the envelope is never overdrawn")
    func race() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let services = RoadmapServices(database: try AppDatabase.openFile(atPath: file.path, seed: .gers))
        let id = try await action(services)
        _ = try await services.funding.allocate(
            envelopeId: 3, AllocationInput(actionId: id, amountCents: 1_990_000), by: .anonymous)
        // 10 000 cents left; twenty racers each want 6 000.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await services.funding.allocate(
                            envelopeId: 3, AllocationInput(actionId: id, amountCents: 6_000), by: .anonymous)
                        return true
                    } catch RoadmapError.conflict {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        let envelope = try await services.funding.envelope(id: 3)
        #expect(envelope.allocatedCents == 1_996_000 && envelope.remainingCents == 4_000)
    }

    @Test("an envelope cannot shrink below its allocations, nor be deleted with them")
    func envelopeConflicts() async throws {
        let services = try makeServices()
        let id = try await action(services)
        let allocation = try await services.funding.allocate(
            envelopeId: 1, AllocationInput(actionId: id, amountCents: 1_000_000), by: .anonymous)
        var patch = EnvelopePatch()
        patch.amountCents = .set(999_999)
        #expect(
            { if case .conflict = $0 { true } else { false } }(
                await roadmapError { _ = try await services.funding.updateEnvelope(id: 1, patch, by: .anonymous) }))
        let deletion = await roadmapError { try await services.funding.deleteEnvelope(id: 1, by: .anonymous) }
        guard case .conflict(_, let references) = deletion else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.id) == [allocation.id!])
        try await services.funding.deleteAllocation(envelopeId: 1, id: allocation.id!, by: .anonymous)
        try await services.funding.deleteEnvelope(id: 1, by: .anonymous)
    }

    @Test("a funder partner cannot be deleted")
    func funderDeletion() async throws {
        let services = try makeServices()
        let error = await roadmapError { try await services.partners.delete(id: 3, by: .anonymous) }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.contains { $0.entity == "financingLine" })
    }

    @Test("summary identities: granted = allocated + remaining everywhere; overall = Σ funders = Σ envelopes = Σ axes")
    func identities() async throws {
        let services = try makeServices()
        let id = try await action(services)
        _ = try await services.funding.createEnvelope(
            EnvelopeInput(funderId: 2, label: "Conseil départemental", amountCents: 1_234_567, axisId: 3),
            by: .anonymous)
        _ = try await services.funding.allocate(
            envelopeId: 1, AllocationInput(actionId: id, amountCents: 333_333), by: .anonymous)
        _ = try await services.funding.allocate(
            envelopeId: 4, AllocationInput(actionId: id, amountCents: 1), by: .anonymous)
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
        #expect(summary.overall == FundingTotals(grantedCents: 12_334_567, allocatedCents: 333_334))
        #expect(summary.plans.map(\.actionId) == [id])
    }

    @Test("the CSV has the SCDL subventions columns, in order, UTF-8 with accents, and rows adding up to each envelope")
    func csv() async throws {
        let services = try makeServices()
        let id = try await action(services)
        _ = try await services.funding.allocate(
            envelopeId: 1, AllocationInput(actionId: id, amountCents: 1_000_050), by: .anonymous)
        let text = try await services.funding.exportCSV()
        #expect(text.hasPrefix("\u{FEFF}"))
        let lines = text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(
            lines[0]
                == "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention"
        )
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "Préfecture du Gers,,,enveloppe-1/affectation-1,Gers Numérique,,Recrutement de médiateurs,10000.50,"
                )
            })
        #expect(lines.contains { $0.hasPrefix("Préfecture du Gers,,,enveloppe-1,,,") && $0.contains(",30999.50,") })
        #expect(text.contains("« Aidants connect »"))
    }

    @Test("CSV fields with commas, quotes or line breaks are quoted")
    func csvQuoting() {
        #expect(FundingService.csvField("a,b") == "\"a,b\"")
        #expect(FundingService.csvField("dit \"oui\"") == "\"dit \"\"oui\"\"\"")
        #expect(FundingService.csvField("ligne\nsuite") == "\"ligne\nsuite\"")
        #expect(FundingService.csvField("simple") == "simple")
        #expect(FundingService.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(FundingService.csvField("-10.50") == "-10.50")
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
