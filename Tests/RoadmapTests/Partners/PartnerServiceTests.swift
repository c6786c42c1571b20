import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Partners")
struct PartnerServiceTests {
    private func all(
        _ services: RoadmapServices, _ query: (inout PartnerQuery) -> Void = { _ in }
    ) async throws -> [String] {
        var request = PartnerQuery(page: try PageRequest(limit: 500))
        query(&request)
        return try await services.partners.list(request).items.map(\.partner.name)
    }

    @Test("the twelve seeded partners, with kinds and roles")
    func seeded() async throws {
        let services = try makeServices()
        #expect(try await all(services).count == 12)
        let governance = try await all(services) { $0.role = .governanceMember }
        #expect(governance.count == 8)
        #expect(try await all(services) { $0.kind = .stateService } == ["Préfecture du Gers"])
    }

    @Test(
        "names are unique ignoring case and accents",
        arguments: ["GERS NUMERIQUE", "gers numérique", "  Gers   Numérique "])
    func uniqueName(name: String) async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.partners.create(PartnerInput(name: name, kind: .other), by: .anonymous)
        }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(references.first?.label == "Gers Numérique")
    }

    @Test("text search ignores case and accents")
    func search() async throws {
        let services = try makeServices()
        _ = try await services.partners.create(
            PartnerInput(name: "Réseau des médiathèques du Gers", kind: .network), by: .anonymous)
        #expect(try await all(services) { $0.text = "reseau" } == ["Réseau des médiathèques du Gers"])
        #expect(try await all(services) { $0.text = "MÉDIATHÈQUES" } == ["Réseau des médiathèques du Gers"])
        #expect(try await all(services) { $0.text = "100%" }.isEmpty)
    }

    @Test(
        "SIRET: 14 digits and a valid checksum, La Poste's rule included",
        arguments: [
            ("73282932000074", true), ("35600000000010", true), ("35600000000048", true), ("73282932000075", false),
            ("7328293200007", false), ("7328293200007A", false), ("35600000000011", false),
        ])
    func siret(siret: String, valid: Bool) {
        #expect((Identifiers.siretProblem(siret) == nil) == valid)
    }

    @Test("an invalid SIRET or e-mail is refused with the reason, each field named")
    func invalidFields() async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.partners.create(
                PartnerInput(name: "X", kind: .company, siret: "12345678901234", website: "ftp://x", email: "a@b"),
                by: .anonymous)
        }
        #expect(error?.fields == ["siret", "website", "email"])
    }

    @Test(
        "e-mail addresses",
        arguments: [
            ("contact@gers-numerique.fr", true), ("prénom.nom@mairie.fr", true), ("a@b", false), ("a@@b.fr", false),
            ("a b@c.fr", false), ("@c.fr", false), ("a@.fr", false),
        ])
    func email(email: String, valid: Bool) {
        #expect((Identifiers.emailProblem(email) == nil) == valid)
    }

    @Test("a SIRET belongs to one partner")
    func uniqueSiret() async throws {
        let services = try makeServices()
        _ = try await services.partners.create(
            PartnerInput(name: "A", kind: .company, siret: "73282932000074"), by: .anonymous)
        let error = await roadmapError {
            _ = try await services.partners.create(
                PartnerInput(name: "B", kind: .company, siret: "73282932000074"), by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("patch replaces roles, clears with null, and is audited")
    func patch() async throws {
        let services = try makeServices()
        var patch = PartnerPatch()
        patch.roles = .set([.funder, .governanceMember])
        patch.notes = .set(nil)
        let detail = try await services.partners.update(id: 3, patch, by: Caller(name: "staff"))
        #expect(detail.roles == [.governanceMember, .funder])
        #expect(detail.partner.notes == nil)
        let change = try await services.database.latestChange()
        #expect(change?.actor == "staff" && change?.entityType == "partner")
        #expect(change?.changedFields.keys.sorted() == ["notes", "roles"])
    }

    @Test("a partner referred to cannot be deleted: the 409 names what refers to it")
    func deleteConflicts() async throws {
        let services = try makeServices()
        // Préfecture: pilot, co-signatory and funder of the three envelopes.
        let error = await roadmapError { try await services.partners.delete(id: 1, by: .anonymous) }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(Set(references.map(\.entity)) == ["fundingEnvelope", "roadmap"])
        // A governance member registered in a group.
        _ = try await services.groups.register(groupId: 2, partnerId: 4, role: .member, by: .anonymous)
        let member = await roadmapError { try await services.partners.delete(id: 4, by: .anonymous) }
        guard case .conflict(_, let memberReferences) = member else {
            Issue.record("expected a conflict")
            return
        }
        #expect(memberReferences.map(\.entity) == ["workingGroup"])
        #expect(try await services.partners.get(id: 4).partner.name == "Gers Solidaire")
    }

    @Test("a partner nothing refers to is deleted with its roles")
    func delete() async throws {
        let services = try makeServices()
        let created = try await services.partners.create(
            PartnerInput(name: "Temporaire", kind: .other, roles: [.consultant]), by: .anonymous)
        try await services.partners.delete(id: created.partner.id!, by: .anonymous)
        #expect(
            await roadmapError { _ = try await services.partners.get(id: created.partner.id!) }
                == .notFound(entity: "partner", id: String(created.partner.id!)))
        let roles = try await services.database.read { db in
            try PartnerRoleRecord.filter(sql: "partnerId = ?", arguments: [created.partner.id!]).fetchCount(db)
        }
        #expect(roles == 0)
    }

    @Test("a partner shows the groups it belongs to")
    func groupsOnPartner() async throws {
        let services = try makeServices()
        _ = try await services.groups.register(groupId: 3, partnerId: 8, role: .lead, by: .anonymous)
        let detail = try await services.partners.get(id: 8)
        #expect(
            detail.groups == [
                PartnerDetail.Membership(groupId: 3, groupName: "Filière locale de reconditionnement", role: .lead)
            ])
    }
}
