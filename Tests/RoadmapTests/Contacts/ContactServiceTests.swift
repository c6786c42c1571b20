import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Contacts: people at partners, as personal data")
struct ContactServiceTests {
    private func partner(_ services: RoadmapServices) async throws -> Int64 {
        try await services.makePartner("Gers Numérique").partner.id!
    }

    private func camille(
        _ services: RoadmapServices, _ partnerId: Int64, referent: Bool = true
    ) async throws -> Contact {
        try await services.contacts.create(
            partnerId: partnerId,
            ContactInput(
                name: "Camille Martin", function: "Chargée de mission", email: "camille.martin@gersnumerique.fr",
                phone: "05 62 00 00 00", fneReferent: referent), by: .anonymous)
    }

    @Test("a contact needs a name; a malformed e-mail and phone are named too")
    func validation() async throws {
        let services = try makeServices(seed: .none)
        let partnerId = try await partner(services)
        let error = await roadmapError {
            _ = try await services.contacts.create(
                partnerId: partnerId, ContactInput(name: " ", email: "camille@", phone: "05 62 AB"), by: .anonymous)
        }
        #expect(error?.fields == ["name", "email", "phone"])
        #expect(try await services.contacts.contacts(partnerId: partnerId).isEmpty)
    }

    @Test("a partner has one référent FNE: a second is a 409, unless the first is unset")
    func oneReferent() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let partnerId = try await partner(services)
        let first = try await camille(services, partnerId)
        // MUT
        let error = await roadmapError {
            _ = try await services.contacts.create(
                partnerId: partnerId, ContactInput(name: "Dominique Roux", fneReferent: true), by: .anonymous)
        }
        var unset = ContactPatch()
        unset.fneReferent = .set(false)
        _ = try await services.contacts.update(partnerId: partnerId, id: first.id!, unset, by: .anonymous)
        let second = try await services.contacts.create(
            partnerId: partnerId, ContactInput(name: "Dominique Roux", fneReferent: true), by: .anonymous)
        // validate
        #expect({ if case .conflict = error { true } else { false } }())
        #expect(try await services.contacts.contacts(partnerId: partnerId).map(\.id) == [second.id, first.id])
    }

    @Test("the public change feed shows a contact's changes without the personal values")
    func feedWithoutPersonalValues() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let partnerId = try await partner(services)
        let contact = try await camille(services, partnerId)
        // MUT
        let feed = try await services.changes.feed(after: 0, limit: 500)
        let audit = try await services.changes.audit(AuditQuery(entityType: "contacts", page: try PageRequest()))
        // validate
        let logged = try #require(feed.first { $0.entityType == "contacts" })
        #expect(logged.path == "/partners/\(partnerId)/contacts/\(contact.id!)")
        #expect(Set(logged.changedFields.keys) == ["id", "partnerId", "fneReferent"])
        #expect(!feed.contains { $0.changes.contains("camille") })
        #expect(audit.items.first?.changedFields["email"]?.new == .string("camille.martin@gersnumerique.fr"))
    }

    @Test("snapshots of the roadmap hold no contact")
    func snapshotsWithoutContacts() async throws {
        let services = try makeServices(seed: .none)
        _ = try await camille(services, try await partner(services))
        let snapshot = try await services.snapshots.snapshot(asOf: nil)
        #expect(snapshot.resources["contacts"] == nil)
        #expect(!RoadmapSnapshot.kinds.contains("contacts"))
    }

    @Test("erasure replaces every personal value in the change log, keeping the entries")
    func erasureInTheLog() async throws {
        // setup: a contact whose e-mail changed once
        let services = try makeServices(seed: .none)
        let partnerId = try await partner(services)
        let contact = try await camille(services, partnerId)
        var patch = ContactPatch()
        patch.email = .set("c.martin@gersnumerique.fr")
        _ = try await services.contacts.update(partnerId: partnerId, id: contact.id!, patch, by: .anonymous)
        // MUT
        try await services.contacts.delete(partnerId: partnerId, id: contact.id!, erase: true, by: .anonymous)
        // validate
        let entries = try await services.changes.audit(AuditQuery(entityType: "contacts", page: try PageRequest()))
        #expect(entries.items.map(\.operation) == [.delete, .update, .create])
        for entry in entries.items {
            #expect(!entry.changes.contains("martin") && !entry.changes.contains("Camille"), "\(entry.changes)")
        }
        #expect(
            entries.items[1].changedFields["email"] == FieldChange(old: .string("[effacé]"), new: .string("[effacé]")))
        #expect(entries.items[2].changedFields["fneReferent"]?.new == .bool(true))
    }

    @Test("a plain delete keeps the audit trail as it was")
    func deleteWithoutErasure() async throws {
        let services = try makeServices(seed: .none)
        let partnerId = try await partner(services)
        let contact = try await camille(services, partnerId)
        try await services.contacts.delete(partnerId: partnerId, id: contact.id!, erase: false, by: .anonymous)
        let entries = try await services.changes.audit(AuditQuery(entityType: "contacts", page: try PageRequest()))
        #expect(entries.items.first?.changedFields["email"]?.old == .string("camille.martin@gersnumerique.fr"))
    }

    @Test("a partner with contacts is not deleted")
    func partnerKept() async throws {
        let services = try makeServices(seed: .none)
        let partnerId = try await partner(services)
        _ = try await camille(services, partnerId)
        let error = await roadmapError { try await services.partners.delete(id: partnerId, by: .anonymous) }
        #expect({ if case .conflict = error { true } else { false } }())
    }
}
