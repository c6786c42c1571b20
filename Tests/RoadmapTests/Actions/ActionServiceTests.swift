import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Actions")
struct ActionServiceTests {
    private func action(
        _ services: RoadmapServices, _ title: String = "Médiation numérique itinérante", axis: Int64 = 1,
        status: ActionStatus = .draft,
        start: String? = nil, end: String? = nil, description: String? = nil
    ) async throws -> ActionDetail {
        try await services.actions.create(
            ActionInput(
                axisId: axis, title: title, description: description, status: status, startOn: start, endOn: end),
            by: .anonymous)
    }

    private func moved(_ services: RoadmapServices, _ id: Int64, to status: ActionStatus) async throws -> ActionDetail {
        var patch = ActionPatch()
        patch.status = .set(status)
        return try await services.actions.update(id: id, patch, by: .anonymous)
    }

    /// Puts a new action in `status` along an allowed path.
    private func action(in status: ActionStatus, _ services: RoadmapServices) async throws -> Int64 {
        let id = try await action(services).action.id!
        let path: [ActionStatus] =
            switch status {
            case .draft: []
            case .planned: [.planned]
            case .inProgress: [.planned, .inProgress]
            case .done: [.planned, .inProgress, .done]
            case .abandoned: [.abandoned]
            }
        for step in path { _ = try await moved(services, id, to: step) }
        return id
    }

    @Test("the workflow table: every move from every status", arguments: ActionStatus.allCases)
    func workflow(from: ActionStatus) async throws {
        let expected: [ActionStatus: Set<ActionStatus>] = [
            .draft: [.planned, .abandoned], .planned: [.inProgress, .abandoned], .inProgress: [.done, .abandoned],
            .done: [], .abandoned: [.planned],
        ]
        for to in ActionStatus.allCases where to != from {
            let services = try makeServices()
            let id = try await action(in: from, services)
            do {
                _ = try await moved(services, id, to: to)
                #expect(expected[from]!.contains(to), "\(from) → \(to) was accepted")
            } catch let error as RoadmapError {
                #expect(!expected[from]!.contains(to), "\(from) → \(to) was refused")
                guard case .conflict(let detail, _) = error else {
                    Issue.record("expected a conflict")
                    continue
                }
                for allowed in expected[from]! { #expect(detail.contains(allowed.rawValue), "409 names \(allowed)") }
            }
        }
    }

    @Test("a new action starts as draft or planned")
    func initialStatus() async throws {
        let services = try makeServices()
        _ = try await action(services, status: .planned)
        let error = await roadmapError { _ = try await action(services, status: .done) }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("the end is not before the start, also when one date is patched")
    func dates() async throws {
        let services = try makeServices()
        #expect(
            await roadmapError { _ = try await action(services, start: "2025-06-01", end: "2025-05-31") }?.fields == [
                "endOn"
            ])
        #expect(await roadmapError { _ = try await action(services, start: "2025-13-01") }?.fields == ["startOn"])
        let created = try await action(services, start: "2025-06-01", end: "2025-06-01")
        var patch = ActionPatch()
        patch.startOn = .set("2025-07-01")
        #expect(
            await roadmapError { _ = try await services.actions.update(id: created.action.id!, patch, by: .anonymous) }?
                .fields == ["endOn"])
    }

    @Test("the working group must work on the action's axis; references must exist")
    func groupAndAxis() async throws {
        let services = try makeServices()
        let wrong = await roadmapError {
            _ = try await services.actions.create(ActionInput(axisId: 2, groupId: 1, title: "X"), by: .anonymous)
        }
        #expect(wrong?.fields == ["groupId"])
        let unknown = await roadmapError {
            _ = try await services.actions.create(
                ActionInput(axisId: 9, leadPartnerId: 999, contributorIds: [3, 998], title: "X"), by: .anonymous)
        }
        #expect(unknown?.fields == ["axisId", "leadPartnerId", "contributorIds[1]"])
        let fine = try await services.actions.create(
            ActionInput(axisId: 3, groupId: 3, leadPartnerId: 3, contributorIds: [4, 5], title: "Filière"),
            by: .anonymous)
        #expect(fine.contributorIds == [4, 5])
        var move = ActionPatch()
        move.axisId = .set(1)
        #expect(
            await roadmapError { _ = try await services.actions.update(id: fine.action.id!, move, by: .anonymous) }?
                .fields == ["groupId"])
    }

    @Test("budget is 0 or more cents")
    func budget() async throws {
        let services = try makeServices()
        #expect(
            await roadmapError {
                _ = try await services.actions.create(
                    ActionInput(axisId: 1, title: "X", budgetCents: -1), by: .anonymous)
            }?.fields == ["budgetCents"])
    }

    @Test("progress: the indicators' mean achievement, capped, else the status")
    func progress() async throws {
        let services = try makeServices()
        let id = try await action(in: .inProgress, services)
        #expect(try await services.actions.get(id: id).action.progressBasisPoints == 5_000)
        let trained = try await services.actions.addIndicator(
            actionId: id,
            IndicatorInput(name: "médiateurs formés", unit: "personnes", targetValue: 40, currentValue: 10),
            by: .anonymous)
        #expect(try await services.actions.get(id: id).action.progressBasisPoints == 2_500)
        // over the target counts as 100 %; the mean of 100 % and 25 %, rounded down
        _ = try await services.actions.addIndicator(
            actionId: id,
            IndicatorInput(name: "ordinateurs reconditionnés", unit: "ordinateurs", targetValue: 3, currentValue: 7),
            by: .anonymous)
        #expect(try await services.actions.get(id: id).action.progressBasisPoints == 6_250)
        // a baseline: (current − baseline) / (target − baseline)
        var patch = IndicatorPatch()
        patch.baselineValue = .set(4)
        patch.currentValue = .set(13)
        _ = try await services.actions.updateIndicator(actionId: id, id: trained.id!, patch, by: .anonymous)
        #expect(ActionProgress.achievement(try await services.actions.indicators(actionId: id)[0]) == 2_500)
        // thirds round down
        #expect(
            ActionProgress.achievement(
                ActionIndicator(
                    actionId: 0, name: "x", unit: "u", targetValue: 3, currentValue: 1, createdAt: testInstant,
                    updatedAt: testInstant)) == 3_333)
        #expect(ActionProgress.basisPoints(status: .done, indicators: []) == 10_000)
        #expect(ActionProgress.basisPoints(status: .planned, indicators: []) == 0)
    }

    @Test("late: the end date has passed and the action is not done nor abandoned, by the injected clock")
    func late() async throws {
        let services = try makeServices(clock: .fixed(Date(timeIntervalSince1970: 1_750_000_000)))  // 2025-06-15
        let overdue = try await action(services, start: "2025-01-01", end: "2025-06-14")
        let dueToday = try await action(services, start: "2025-01-01", end: "2025-06-15")
        #expect(overdue.isLate)
        #expect(!dueToday.isLate)
        var query = ActionQuery(page: try PageRequest())
        query.late = true
        #expect(try await services.actions.list(query).items.map(\.action.id) == [overdue.action.id])
        _ = try await moved(services, overdue.action.id!, to: .abandoned)
        #expect(try await services.actions.list(query).items.isEmpty)
        query.late = false
        #expect(try await services.actions.list(query).items.count == 2)
    }

    @Test(
        "search ignores case and accents and ranks title matches first",
        arguments: ["mediation numerique", "MÉDIATION NUMÉRIQUE", "médiat"])
    func search(text: String) async throws {
        let services = try makeServices()
        let inTitle = try await action(services, "Médiation numérique itinérante")
        let inDescription = try await action(
            services, "Bus France Services", description: "Un peu de médiation numérique en itinérance")
        _ = try await action(services, "Filière de reconditionnement")
        var query = ActionQuery(page: try PageRequest())
        query.text = text
        let found = try await services.actions.list(query).items.map(\.action.id!)
        #expect(Set(found) == [inTitle.action.id!, inDescription.action.id!])
        var syntax = ActionQuery(page: try PageRequest())
        syntax.text = "\" OR * NEAR("
        #expect(try await services.actions.list(syntax).items.isEmpty)
    }

    @Test("search follows updates in the same transaction")
    func searchFollowsUpdates() async throws {
        let services = try makeServices()
        let created = try await action(services, "Ateliers")
        var patch = ActionPatch()
        patch.notes = .set("Démarches administratives en ligne")
        _ = try await services.actions.update(id: created.action.id!, patch, by: .anonymous)
        var query = ActionQuery(page: try PageRequest())
        query.text = "demarches"
        #expect(try await services.actions.list(query).items.map(\.action.id) == [created.action.id])
        try await services.actions.delete(id: created.action.id!, by: .anonymous)
        #expect(try await services.actions.list(query).items.isEmpty)
    }

    @Test(
        "pages neither skip nor repeat when actions are added between them",
        arguments: [Sort<ActionSortField>(.id), Sort(.title), Sort(.updatedAt, descending: true), Sort(.progress)])
    func paginationUnderInserts(sort: Sort<ActionSortField>) async throws {
        let services = try makeServices()
        for index in 0..<30 { _ = try await action(services, "Action \(index)") }
        var seen: [Int64] = []
        var cursor: String?
        var round = 0
        repeat {
            var query = ActionQuery(page: try PageRequest(limit: 7, cursor: cursor))
            query.sort = sort
            let page = try await services.actions.list(query)
            seen += page.items.map(\.action.id!)
            cursor = page.nextCursor
            // a writer adds an action that sorts first, between two pages
            _ = try await action(services, "0 inserted \(round)")
            round += 1
        } while cursor != nil
        #expect(Set(seen).count == seen.count, "no repeats")
        #expect(Set(seen).isSuperset(of: Set(1...30)), "no skips of the rows that existed")
    }

    @Test("an action with funding cannot be deleted; one without goes with its indicators")
    func delete() async throws {
        let services = try makeServices()
        let funded = try await action(services)
        try await services.database.write { db in
            var allocation = FundingAllocation(
                envelopeId: 1, actionId: funded.action.id!, amountCents: 100_000, createdAt: testInstant,
                updatedAt: testInstant)
            try allocation.insert(db)
        }
        let error = await roadmapError { try await services.actions.delete(id: funded.action.id!, by: .anonymous) }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.entity) == ["fundingAllocation"])
        let plain = try await action(services)
        _ = try await services.actions.addIndicator(
            actionId: plain.action.id!, IndicatorInput(name: "x", unit: "u", targetValue: 1), by: .anonymous)
        try await services.actions.delete(id: plain.action.id!, by: .anonymous)
        let indicators = try await services.database.read { db in try ActionIndicator.fetchCount(db) }
        #expect(indicators == 0)
    }

    @Test("axis and roadmap summaries count by status, late actions, and average progress without abandoned ones")
    func summaries() async throws {
        let services = try makeServices(clock: .fixed(Date(timeIntervalSince1970: 1_750_000_000)))
        let done = try await action(in: .done, services)
        _ = try await action(in: .abandoned, services)
        _ = try await action(services, start: "2025-01-01", end: "2025-02-01")
        _ = try await services.actions.create(ActionInput(axisId: 2, title: "Autre axe"), by: .anonymous)
        let axis = try await services.axes.get(id: 1).summary
        #expect(axis.total == 3)
        #expect(
            axis.byStatus[.done] == 1 && axis.byStatus[.abandoned] == 1 && axis.byStatus[.draft] == 1
                && axis.byStatus[.planned] == 0)
        #expect(axis.late == 1)
        #expect(axis.averageProgressBasisPoints == 5_000)  // done 10 000 and draft 0; abandoned left out
        let roadmap = try await services.roadmap.get().summary
        #expect(roadmap.total == 4 && roadmap.averageProgressBasisPoints == 3_333)
        #expect(try await services.axes.get(id: 4).summary.averageProgressBasisPoints == nil)
        _ = done
    }
}
