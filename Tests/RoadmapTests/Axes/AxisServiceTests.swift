import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Axes")
struct AxisServiceTests {
    @Test("the four seeded axes come in number order, axe 4 optional")
    func seededAxes() async throws {
        let services = try makeServices()
        let page = try await services.axes.list(AxisQuery(page: try PageRequest()))
        #expect(page.items.map(\.number) == [1, 2, 3, 4])
        #expect(page.items.map(\.isOptional) == [false, false, false, true])
        #expect(page.nextCursor == nil)
    }

    @Test("filtering on the optional flag")
    func filterOnOptional() async throws {
        let services = try makeServices()
        let optional = try await services.axes.list(AxisQuery(isOptional: true, page: try PageRequest()))
        #expect(optional.items.map(\.number) == [4])
    }

    @Test("an axis number is unique")
    func numberIsUnique() async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 2, title: "Doublon"), by: .anonymous)
        }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected conflict, got \(String(describing: error))")
            return
        }
        #expect(references.map(\.id) == [2])
    }

    @Test("renumbering onto a used number is refused, keeping one's own is not")
    func renumbering() async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.axes.update(id: 1, AxisPatch(number: .set(3)), by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
        let same = try await services.axes.update(
            id: 1, AxisPatch(number: .set(1), title: .set("Former")), by: .anonymous)
        #expect(same.title == "Former")
    }

    @Test("number 0, a blank title and control characters are refused, each named")
    func fieldRules() async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 0, title: "  "), by: .anonymous)
        }
        #expect(error?.fields == ["number", "title"])
        let control = await roadmapError {
            _ = try await services.axes.create(AxisInput(number: 9, title: "a\u{0}b"), by: .anonymous)
        }
        #expect(control?.fields == ["title"])
    }

    @Test("a description keeps its line breaks and accents as sent")
    func textIsStoredAsSent() async throws {
        let services = try makeServices()
        let text = "Ligne 1 : « médiation »\nLigne 2 — œuvre"
        let axis = try await services.axes.create(
            AxisInput(number: 5, title: "Axe 5", description: text), by: .anonymous)
        #expect(try await services.axes.get(id: axis.id!).description == text)
    }

    @Test("merge patch: absent keeps, null clears")
    func mergePatch() async throws {
        let services = try makeServices()
        let axis = try await services.axes.create(
            AxisInput(number: 5, title: "Axe 5", description: "texte"), by: .anonymous)
        let kept = try await services.axes.update(id: axis.id!, AxisPatch(isOptional: .set(true)), by: .anonymous)
        #expect(kept.description == "texte")
        #expect(kept.isOptional)
        let cleared = try await services.axes.update(id: axis.id!, AxisPatch(description: .set(nil)), by: .anonymous)
        #expect(cleared.description == nil)
    }

    @Test("an axis with a working group cannot be deleted; the group is named")
    func deleteConflict() async throws {
        let services = try makeServices()
        let error = await roadmapError { try await services.axes.delete(id: 1, by: .anonymous) }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected conflict")
            return
        }
        #expect(references.map(\.entity) == ["workingGroup"])
        #expect(try await services.axes.get(id: 1).number == 1)
    }

    @Test("an axis nothing refers to is deleted")
    func delete() async throws {
        let services = try makeServices()
        try await services.axes.delete(id: 4, by: .anonymous)
        let error = await roadmapError { _ = try await services.axes.get(id: 4) }
        #expect(error == .notFound(entity: "axis", id: "4"))
    }

    @Test("a failed precondition changes nothing")
    func preconditionFailure() async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.axes.update(
                id: 1, AxisPatch(title: .set("X")), by: .anonymous, ifMatch: { _ in false })
        }
        #expect(error == .preconditionFailed)
        #expect(try await services.axes.get(id: 1).title == GersSeed.axes[0].title)
    }

    @Test("every write is in the change log, with the changed fields only")
    func changesAreLogged() async throws {
        let services = try makeServices()
        _ = try await services.axes.update(
            id: 2, AxisPatch(title: .set("Renforcer")), by: Caller(name: "script", requestId: "r1"))
        let row = try await services.database.read { db in
            try ChangeRecord.order(ChangeRecord.Columns.id.desc).fetchOne(db)
        }
        #expect(row?.actor == "script")
        #expect(row?.requestId == "r1")
        #expect(row?.operation == .update)
        #expect(
            row?.changedFields == [
                "title": FieldChange(old: .string(GersSeed.axes[1].title), new: .string("Renforcer"))
            ])
    }

    @Test("an update that changes nothing writes nothing")
    func noOpUpdate() async throws {
        let services = try makeServices()
        let before = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        _ = try await services.axes.update(id: 1, AxisPatch(number: .set(1)), by: .anonymous)
        let after = try await services.database.read { db in try ChangeRecord.fetchCount(db) }
        #expect(before == after)
    }
}
