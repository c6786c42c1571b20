import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Axes")
struct AxisServiceTests {
    @Test("the four seeded axes come in number order, axe 4 optional")
    func seededAxes() async throws {
        // About the seed itself: the Gers roadmap's four axes.
        let services = try makeServices()
        let page = try await services.axes.list(AxisQuery(page: try PageRequest()))
        #expect(page.items.map(\.number) == [1, 2, 3, 4])
        #expect(page.items.map(\.isOptional) == [false, false, false, true])
        #expect(page.nextCursor == nil)
    }

    @Test("filtering on the optional flag")
    func filterOnOptional() async throws {
        // setup
        let services = try makeServices(seed: .none)
        _ = try await services.makeAxis(number: 1)
        _ = try await services.makeAxis(number: 4, optional: true)
        // MUT
        let optional = try await services.axes.list(AxisQuery(isOptional: true, page: try PageRequest()))
        let required = try await services.axes.list(AxisQuery(isOptional: false, page: try PageRequest()))
        // validate
        #expect(optional.items.map(\.number) == [4])
        #expect(required.items.map(\.number) == [1])
    }

    @Test("an axis number is unique")
    func numberIsUnique() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let taken = try await services.makeAxis(number: 2)
        // MUT
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 2, title: "Doublon"), by: .anonymous)
        }
        // validate
        guard case .conflict(_, let references) = error else {
            Issue.record("expected conflict, got \(String(describing: error))")
            return
        }
        #expect(references.map(\.id) == [taken.id!])
    }

    @Test("renumbering onto a used number is refused")
    func renumberingOntoUsedNumber() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 1)
        _ = try await services.makeAxis(number: 3)
        let error = await roadmapError {
            _ = try await services.axes.update(id: axis.id!, AxisPatch(number: .set(3)), by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("renumbering onto one's own number is accepted")
    func renumberingOntoOwnNumber() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 1)
        _ = try await services.makeAxis(number: 3)
        let same = try await services.axes.update(
            id: axis.id!, AxisPatch(number: .set(1), title: .set("Former")), by: .anonymous)
        #expect(same.title == "Former")
    }

    @Test("number 0 and a blank title are refused, each named")
    func numberAndTitleRules() async throws {
        let services = try makeServices(seed: .none)
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 0, title: "  "), by: .anonymous)
        }
        #expect(error?.fields == ["number", "title"])
    }

    @Test("control characters in a title are refused, the title named")
    func controlCharacters() async throws {
        let services = try makeServices(seed: .none)
        let control = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 9, title: "a\u{0}b"), by: .anonymous)
        }
        #expect(control?.fields == ["title"])
    }

    @Test("a description keeps its line breaks and accents as sent")
    func textIsStoredAsSent() async throws {
        let services = try makeServices(seed: .none)
        let text = "Ligne 1 : « médiation »\nLigne 2 — œuvre"
        let axis = try await services.axes.create(
            AxisInput(number: 5, title: "Axe 5", description: text), by: .anonymous)
        #expect(try await services.axes.get(id: axis.id!).description == text)
    }

    @Test("merge patch: an absent field is kept")
    func mergePatchKeepsAbsent() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 5, title: "Axe 5", description: "texte")
        let kept = try await services.axes.update(id: axis.id!, AxisPatch(isOptional: .set(true)), by: .anonymous)
        #expect(kept.description == "texte")
        #expect(kept.isOptional)
    }

    @Test("merge patch: null clears")
    func mergePatchClearsNull() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 5, title: "Axe 5", description: "texte")
        let cleared = try await services.axes.update(id: axis.id!, AxisPatch(description: .set(nil)), by: .anonymous)
        #expect(cleared.description == nil)
    }

    @Test("an axis with a working group cannot be deleted; the group is named")
    func deleteConflict() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 1)
        let group = try await services.makeGroup(axisId: axis.id!)
        // MUT
        let error = await roadmapError { try await services.axes.delete(id: axis.id!, by: .anonymous) }
        // validate
        guard case .conflict(_, let references) = error else {
            Issue.record("expected conflict")
            return
        }
        #expect(references.map(\.entity) == ["workingGroup"])
        #expect(references.map(\.id) == [group.group.id!])
        #expect(try await services.axes.get(id: axis.id!).number == 1)
    }

    @Test("an axis nothing refers to is deleted")
    func delete() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 4, optional: true)
        try await services.axes.delete(id: axis.id!, by: .anonymous)
        let error = await roadmapError { _ = try await services.axes.get(id: axis.id!) }
        #expect(error == .notFound(entity: "axis", id: String(axis.id!)))
    }

    @Test("a failed precondition changes nothing")
    func preconditionFailure() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(title: "former et coordonner")
        let error = await roadmapError {
            _ = try await services.axes.update(
                id: axis.id!, AxisPatch(title: .set("X")), by: .anonymous, ifMatch: { _ in false })
        }
        #expect(error == .preconditionFailed)
        #expect(try await services.axes.get(id: axis.id!).title == "former et coordonner")
    }

    @Test("every write is in the change log, with the changed fields only")
    func changesAreLogged() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 2, title: "renforcer les dispositifs")
        // MUT
        _ = try await services.axes.update(
            id: axis.id!, AxisPatch(title: .set("Renforcer")), by: Caller(name: "script", requestId: "r1"))
        // validate
        let row = try await services.database.read { db in
            try ChangeRecord.order(ChangeRecord.Columns.id.desc).fetchOne(db)
        }
        #expect(row?.actor == "script")
        #expect(row?.requestId == "r1")
        #expect(row?.operation == .update)
        #expect(
            row?.changedFields == [
                "title": FieldChange(old: .string("renforcer les dispositifs"), new: .string("Renforcer"))
            ])
    }

    @Test("an update that changes nothing writes nothing")
    func noOpUpdate() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis(number: 1)
        let before = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        _ = try await services.axes.update(id: axis.id!, AxisPatch(number: .set(1)), by: .anonymous)
        let after = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        #expect(before == after)
    }
}
