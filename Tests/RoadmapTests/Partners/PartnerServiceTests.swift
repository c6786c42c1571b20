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
        // About the seed itself: the Gers roadmap's twelve partners.
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
        // setup
        let services = try makeServices(seed: .none)
        let existing = try await services.makePartner("Gers Numérique", kind: .other)
        // MUT
        let error = await roadmapError {
            _ = try await services.partners.create(PartnerInput(name: name, kind: .other), by: .anonymous)
        }
        // validate
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(references.first?.label == "Gers Numérique")
        #expect(references.map(\.id) == [existing.partner.id!])
    }

    @Test("text search ignores case and accents")
    func search() async throws {
        // setup
        let services = try makeServices(seed: .none)
        _ = try await services.makePartner("Gers Numérique", kind: .other)
        _ = try await services.makePartner("Association des maires ruraux du Gers")
        _ = try await services.partners.create(
            PartnerInput(name: "Réseau des médiathèques du Gers", kind: .network), by: .anonymous)
        // MUT and validate
        #expect(try await all(services) { $0.text = "reseau" } == ["Réseau des médiathèques du Gers"])
        #expect(try await all(services) { $0.text = "MÉDIATHÈQUES" } == ["Réseau des médiathèques du Gers"])
    }

    @Test("a LIKE wildcard in the search text is taken literally")
    func searchWildcards() async throws {
        let services = try makeServices(seed: .none)
        _ = try await services.makePartner("Réseau des médiathèques du Gers", kind: .network)
        // « 100% » as a pattern would match this name.
        _ = try await services.makePartner("Fondation 1000 écrans")
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
        let services = try makeServices(seed: .none)
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
        let services = try makeServices(seed: .none)
        _ = try await services.partners.create(
            PartnerInput(name: "A", kind: .company, siret: "73282932000074"), by: .anonymous)
        let error = await roadmapError {
            _ = try await services.partners.create(
                PartnerInput(name: "B", kind: .company, siret: "73282932000074"), by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("an RNA number belongs to one partner: a second one, created or patched, is a conflict, nothing stored")
    func uniqueRNA() async throws {
        let services = try makeServices(seed: .none)
        _ = try await services.partners.create(
            PartnerInput(name: "Association A", kind: .association, rna: "W321000123"), by: .anonymous)
        let created = await roadmapError {
            _ = try await services.partners.create(
                PartnerInput(name: "Association B", kind: .association, rna: "W321000123"), by: .anonymous)
        }
        #expect({ if case .conflict = created { true } else { false } }())
        let other = try await services.makePartner("Association C")
        var patch = PartnerPatch()
        patch.rna = .set("W321000123")
        let patched = await roadmapError {
            _ = try await services.partners.update(id: other.partner.id!, patch, by: .anonymous)
        }
        #expect({ if case .conflict = patched { true } else { false } }())
        #expect(try await services.partners.get(id: other.partner.id!).partner.rna == nil)
    }

    /// A partner with roles and notes, to patch.
    private func partnerToPatch(_ services: RoadmapServices) async throws -> Int64 {
        try await services.makePartner(
            "Gers Numérique", kind: .other, roles: [.signatory, .governanceMember, .funder], notes: "Cosignataire."
        ).partner.id!
    }

    @Test("a patch replaces the roles")
    func patchReplacesRoles() async throws {
        let services = try makeServices(seed: .none)
        let id = try await partnerToPatch(services)
        var patch = PartnerPatch()
        patch.roles = .set([.funder, .governanceMember])
        let detail = try await services.partners.update(id: id, patch, by: Caller(name: "staff"))
        #expect(detail.roles == [.governanceMember, .funder])
    }

    @Test("a patch clears a field with null")
    func patchClearsWithNull() async throws {
        let services = try makeServices(seed: .none)
        let id = try await partnerToPatch(services)
        var patch = PartnerPatch()
        patch.notes = .set(nil)
        let detail = try await services.partners.update(id: id, patch, by: Caller(name: "staff"))
        #expect(detail.partner.notes == nil)
    }

    @Test("a patch is audited with its caller and the changed fields")
    func patchIsAudited() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let id = try await partnerToPatch(services)
        var patch = PartnerPatch()
        patch.roles = .set([.funder, .governanceMember])
        patch.notes = .set(nil)
        // MUT
        _ = try await services.partners.update(id: id, patch, by: Caller(name: "staff"))
        // validate
        let change = try await services.database.latestChange()
        #expect(change?.actor == "staff" && change?.entityType == "partners")
        #expect(change?.entityId == id)
        #expect(change?.changedFields.keys.sorted() == ["notes", "roles"])
    }

    @Test("a partner the roadmap and an envelope refer to cannot be deleted: the 409 names them")
    func deleteConflictsWithEnvelopeAndRoadmap() async throws {
        // setup: like the Préfecture, pilot, co-signatory and funder of an envelope.
        let services = try makeServices(seed: .none)
        let funder = try await services.makePartner("Préfecture", kind: .stateService, roles: [.pilot, .funder])
        _ = try await services.makeEnvelope(funderId: funder.partner.id!)
        try await services.makeRoadmap(pilotPartnerId: funder.partner.id!)
        // MUT
        let error = await roadmapError { try await services.partners.delete(id: funder.partner.id!, by: .anonymous) }
        // validate
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(Set(references.map(\.entity)) == ["fundingEnvelope", "roadmap"])
    }

    @Test("a member of a group cannot be deleted: the 409 names the group")
    func deleteConflictsWithGroup() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis()
        let group = try await services.makeGroup(axisId: axis.id!)
        let partner = try await services.makePartner("Gers Solidaire", roles: [.governanceMember])
        try await services.makeMember(groupId: group.group.id!, partnerId: partner.partner.id!)
        // MUT
        let member = await roadmapError { try await services.partners.delete(id: partner.partner.id!, by: .anonymous) }
        // validate
        guard case .conflict(_, let memberReferences) = member else {
            Issue.record("expected a conflict")
            return
        }
        #expect(memberReferences.map(\.entity) == ["workingGroup"])
        #expect(memberReferences.map(\.id) == [group.group.id!])
        #expect(try await services.partners.get(id: partner.partner.id!).partner.name == "Gers Solidaire")
    }

    @Test("a partner nothing refers to is deleted with its roles")
    func delete() async throws {
        let services = try makeServices(seed: .none)
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
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 3)
        let group = try await services.makeGroup(axisId: axis.id!, name: "Filière locale de reconditionnement")
        _ = try await services.makeGroup(axisId: axis.id!, name: "Autre groupe")
        let partner = try await services.makePartner("Hub Rhin'OCC", kind: .network)
        // MUT
        _ = try await services.groups.register(
            groupId: group.group.id!, partnerId: partner.partner.id!, role: .lead, by: .anonymous)
        // validate
        let detail = try await services.partners.get(id: partner.partner.id!)
        #expect(
            detail.groups == [
                PartnerDetail.Membership(
                    groupId: group.group.id!, groupName: "Filière locale de reconditionnement", role: .lead)
            ])
    }
}
