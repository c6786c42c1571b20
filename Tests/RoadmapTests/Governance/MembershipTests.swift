import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Governance: membership over time")
struct MembershipTests {
    private func record(
        _ services: RoadmapServices, _ partnerId: Int64, _ status: MembershipStatus, _ since: String
    ) async throws -> MembershipStep {
        try await services.governance.recordMembershipStep(
            partnerId: partnerId, MembershipStepInput(status: status, since: since), by: .anonymous)
    }

    @Test("the eight seeded members: candidates since autumn 2023, members since 24 January 2025")
    func seededHistory() async throws {
        // setup
        let services = try makeServices()
        // MUT
        let before = try await services.governance.roll(on: "2023-08-31")
        let consultation = try await services.governance.roll(on: "2024-06-30")
        let launchEve = try await services.governance.roll(on: "2025-01-23")
        let launch = try await services.governance.roll(on: "2025-01-24")
        // validate
        #expect(before.standings.isEmpty)
        #expect(consultation.standings.count == 8)
        #expect(consultation.standings.allSatisfy { $0.step.status == .candidate && $0.step.since == "2023-23" })
        #expect(launchEve.counts[.candidate] == 8)
        #expect(launch.counts[.member] == 8)
        #expect(launch.standings.allSatisfy { $0.step.since == "2025-01-24" })
        let names = Set(launch.standings.map(\.partnerName))
        #expect(
            names == [
                "Gers Numérique", "Gers Solidaire", "Communauté de communes de la Lomagne Gersoise",
                "Régie de quartier Garros Services", "Association des maires ruraux du Gers", "Hub Rhin'OCC",
                "Association Coll-In", "GIP Grades E Santé",
            ])
    }

    @Test("a status must follow the current one, naming the allowed next ones")
    func transitions() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let partner = try await services.makePartner().partner.id!
        // MUT
        let withdrawnFirst = await roadmapError { _ = try await record(services, partner, .withdrawn, "2024") }
        _ = try await record(services, partner, .candidate, "2023-23")
        _ = try await record(services, partner, .member, "2025-01-24")
        let candidateAgain = await roadmapError { _ = try await record(services, partner, .candidate, "2026") }
        // validate
        guard case .conflict(let detail, _)? = withdrawnFirst else {
            Issue.record("expected a conflict, got \(String(describing: withdrawnFirst))")
            return
        }
        #expect(detail.contains("Allowed next statuses: candidate, member."))
        guard case .conflict(let second, _)? = candidateAgain else {
            Issue.record("expected a conflict, got \(String(describing: candidateAgain))")
            return
        }
        #expect(second.contains("Allowed next statuses: withdrawn."))
    }

    @Test("a step is not dated before the current one")
    func dateOrder() async throws {
        let services = try makeServices(seed: .none)
        let partner = try await services.makePartner().partner.id!
        _ = try await record(services, partner, .candidate, "2025-01-24")
        let error = await roadmapError { _ = try await record(services, partner, .member, "2024-12") }
        #expect(error?.fields == ["since"])
    }

    @Test("a date that is not an ISO 8601 period is refused, naming since")
    func invalidSince() async throws {
        let services = try makeServices(seed: .none)
        let partner = try await services.makePartner().partner.id!
        for text in ["automne 2023", "2023-25", "2023-13", "2025-02-30", "23", ""] {
            let error = await roadmapError { _ = try await record(services, partner, .candidate, text) }
            #expect(error?.fields == ["since"], "\(text)")
        }
    }

    @Test("on a day, a partner stands where its latest step by then puts it")
    func rollOnDays() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let partner = try await services.makePartner("Hub Rhin'OCC").partner.id!
        _ = try await record(services, partner, .candidate, "2023-23")
        _ = try await record(services, partner, .member, "2025-01-24")
        _ = try await record(services, partner, .withdrawn, "2026-06-30")
        // MUT
        let statuses = try await ["2023-08-31", "2023-09-01", "2025-01-24", "2026-06-29", "2026-06-30"].asyncMap {
            try await services.governance.roll(on: $0).standings.first?.step.status
        }
        // validate
        #expect(statuses == [nil, .candidate, .member, .member, .withdrawn])
        let members = try await services.governance.roll(on: "2026-07-01", status: .member)
        #expect(members.standings.isEmpty)
        #expect(members.counts[.withdrawn] == 1)
    }

    @Test("only the latest step can be taken back")
    func deleteLatestOnly() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let partner = try await services.makePartner().partner.id!
        let first = try await record(services, partner, .candidate, "2023-23")
        let second = try await record(services, partner, .member, "2025-01-24")
        // MUT
        let error = await roadmapError {
            try await services.governance.deleteMembershipStep(partnerId: partner, id: first.id!, by: .anonymous)
        }
        try await services.governance.deleteMembershipStep(partnerId: partner, id: second.id!, by: .anonymous)
        // validate
        #expect({ if case .conflict = error { true } else { false } }())
        #expect(try await services.governance.membership(partnerId: partner).map(\.id) == [first.id])
    }

    @Test("a partner with a membership history is not deleted")
    func partnerKept() async throws {
        let services = try makeServices(seed: .none)
        let partner = try await services.makePartner().partner.id!
        _ = try await record(services, partner, .candidate, "2024")
        let error = await roadmapError { try await services.partners.delete(id: partner, by: .anonymous) }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("periods: first day and French label at the precision given")
    func periods() throws {
        let cases: [(String, String, String)] = [
            ("2025-01-24", "2025-01-24", "24 janvier 2025"), ("2025-03-01", "2025-03-01", "1er mars 2025"),
            ("2025-01", "2025-01-01", "janvier 2025"), ("2024", "2024-01-01", "2024"),
            ("2023-21", "2023-03-01", "printemps 2023"), ("2023-23", "2023-09-01", "automne 2023"),
            ("2023-24", "2023-12-01", "hiver 2023"),
        ]
        for (text, firstDay, label) in cases {
            let period = try #require(Period(text))
            #expect(period.firstDay.description == firstDay)
            #expect(period.frenchLabel == label)
        }
    }
}

extension Array {
    /// `transform` applied to each element in order, awaiting each.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

@Suite("Governance: migration v10")
struct GovernanceMigrationTests {
    /// A database of the v9 schema holding `partners` (name, nameKey) under the seed mark `seed`.
    private func v9Database(seed: String, partners: [String]) throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v9-roadmap-versions")
        try queue.write { db in
            for (index, name) in partners.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO partner(id, name, nameKey, kind, createdAt, updatedAt)
                          VALUES (?, ?, ?, 'association', '2025-01-24 09:00:00.000', '2025-01-24 09:00:00.000')
                        """, arguments: [index + 1, name, TextKey.fold(name)])
            }
            try db.execute(sql: "INSERT INTO appMeta(key, value) VALUES ('seed', ?)", arguments: [seed])
        }
        return queue
    }

    @Test("a database seeded before v10 gets the members' history, logged as the seed's; a deleted member is skipped")
    func backfill() throws {
        // setup: two of the eight members (the others were deleted), and a partner that is not one
        let queue = try v9Database(seed: "gers", partners: ["Gers Solidaire", "Hub Rhin'OCC", "Préfecture du Gers"])
        // MUT
        try Migrations.migrator.migrate(queue)
        // validate
        let (steps, logged) = try queue.read { db in
            (
                try MembershipStep.order(MembershipStep.Columns.id).fetchAll(db),
                try ChangeRecord.filter(ChangeRecord.Columns.entityType == "membership").fetchAll(db)
            )
        }
        #expect(steps.map(\.partnerId) == [1, 1, 2, 2])
        #expect(steps.map(\.status) == [.candidate, .member, .candidate, .member])
        #expect(steps.map(\.since) == ["2023-23", "2025-01-24", "2023-23", "2025-01-24"])
        #expect(logged.count == 4)
        #expect(logged.allSatisfy { $0.actor == Caller.seed.name })
    }

    @Test("a database created empty stays without governance history")
    func noSeedNoHistory() throws {
        let queue = try v9Database(seed: "none", partners: ["Gers Solidaire"])
        try Migrations.migrator.migrate(queue)
        #expect(try queue.read { db in try MembershipStep.fetchCount(db) } == 0)
    }
}
