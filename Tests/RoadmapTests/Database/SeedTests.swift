import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Gers seed")
struct SeedTests {
    @Test("every seeded text is quoted verbatim from the roadmap document")
    func seededTextsAreVerbatim() throws {
        let document = try seedDocument()
        var texts: [String] = GersSeed.axes.map(\.title) + GersSeed.groups.map(\.name)
        texts += GersSeed.envelopes.map(\.purpose) + GersSeed.financing.map(\.purpose)
        texts += GersSeed.coSignatories.map(\.title) + GersSeed.supporters.map(\.label)
        texts += [GersSeed.signingPlace, GersSeed.pilotRepresentedBy, GersSeed.objective, GersSeed.nationalPlan]
        texts += GersSeed.timeline.map(\.description)
        for text in texts {
            #expect(document.contains(text), "not in the document: \(text)")
        }
        // Partner names appear as written, but for the capital of their first letter; the
        // council's name is completed with the territory the document leaves implicit.
        let lowered = document.lowercased()
        for partner in GersSeed.partners where partner.name != "Conseil Départemental du Gers" {
            #expect(lowered.contains(partner.name.lowercased()), "partner not in the document: \(partner.name)")
        }
    }

    @Test("the amounts, the share and the date are those of the document")
    func amountsShareAndDate() throws {
        let document = try seedDocument()
        #expect(GersSeed.envelopes.map(\.amountCents) == [4_100_000, 5_000_000, 2_000_000])
        for euros in ["41 000 euros", "50 000 euros", "20 000 euros", "20 %"] {
            #expect(document.contains(euros))
        }
        #expect(GersSeed.financing.map(\.shareBasisPoints) == [2_000])
        #expect(GersSeed.signedOn.description == "2025-01-24")
        #expect(document.contains("vendredi 24 janvier 2025"))
    }

    @Test("a fresh database holds the whole roadmap")
    func freshDatabaseHoldsTheRoadmap() async throws {
        let document = try seedDocument()
        let services = try makeServices()
        let counts = try await services.database.read { db in
            [
                try Partner.fetchCount(db), try Axis.fetchCount(db), try WorkingGroup.fetchCount(db),
                try FundingEnvelope.fetchCount(db), try FinancingLine.fetchCount(db),
            ]
        }
        #expect(counts == [12, 4, 3, 3, 1])
        #expect(document.contains("Conseil Départemental"))
        let governance = try await services.database.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM partner JOIN partnerRole ON partnerId = partner.id WHERE role = 'governance_member' ORDER BY partner.id"
            )
        }
        #expect(
            governance == [
                "Gers Numérique", "Gers Solidaire", "Communauté de communes de la Lomagne Gersoise",
                "Régie de quartier Garros Services", "Association des maires ruraux du Gers", "Hub Rhin'OCC",
                "Association Coll-In", "GIP Grades E Santé",
            ])
        let groups = try await services.database.read { db in
            try Int.fetchAll(
                db, sql: "SELECT axis.number FROM workingGroup JOIN axis ON axis.id = axisId ORDER BY axis.number")
        }
        #expect(groups == [1, 2, 3])
        let share = try await services.database.read { db in try FinancingLine.fetchOne(db) }
        let funder = try await services.database.read { db in try Partner.fetchOne(db, key: share?.funderId) }
        #expect(share?.shareBasisPoints == 2_000)
        #expect(funder?.name == "Gers Numérique")
    }

    @Test("the seed is logged in the change feed as written by `seed`")
    func seedIsLogged() async throws {
        let services = try makeServices()
        let actors = try await services.database.read { db in
            try String.fetchSet(db, sql: "SELECT DISTINCT actor FROM changeLog")
        }
        #expect(actors == ["seed"])
    }

    @Test("restarting neither duplicates the seed nor overwrites what users changed")
    func seedingIsIdempotent() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let clock = RoadmapClock.fixed(testInstant)
        // setup
        let first = RoadmapServices(
            database: try AppDatabase.openFile(atPath: file.path, seed: .gers, clock: clock), clock: clock)
        _ = try await first.axes.update(id: 1, AxisPatch(title: .set("Former les médiateurs")), by: .anonymous)
        try await first.database.write { db in _ = try WorkingGroup.deleteAll(db) }
        try await first.axes.delete(id: 4, by: .anonymous)
        // MUT
        let second = RoadmapServices(
            database: try AppDatabase.openFile(atPath: file.path, seed: .gers, clock: clock), clock: clock)
        // validate
        let axes = try await second.axes.list(AxisQuery(page: try PageRequest()))
        #expect(axes.items.map(\.number) == [1, 2, 3])
        #expect(axes.items.first?.title == "Former les médiateurs")
        let partners = try await second.database.read { db in try Partner.fetchCount(db) }
        #expect(partners == 12)
    }

    @Test("a database created without the seed stays empty across restarts")
    func emptyDatabaseStaysEmpty() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        _ = try AppDatabase.openFile(atPath: file.path, seed: SeedPolicy.none)
        let reopened = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        #expect(try await reopened.seedMark() == SeedPolicy.none)
        let axes = try await reopened.read { db in try Axis.fetchCount(db) }
        #expect(axes == 0)
    }

    @Test("migrating without a seed policy leaves the seed to the first start")
    func migrateOnlyDefersSeed() async throws {
        let file = try TemporaryDatabaseFile()
        defer { file.cleanup() }
        let migrated = try AppDatabase.openFile(atPath: file.path, seed: nil)
        #expect(try await migrated.seedMark() == nil)
        let started = try AppDatabase.openFile(atPath: file.path, seed: .gers)
        #expect(try await started.seedMark() == .gers)
    }
}
