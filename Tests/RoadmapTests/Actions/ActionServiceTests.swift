import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Actions")
struct ActionServiceTests {
    /// Services on an empty database with one axis, whose id comes along.
    private func servicesWithAxis(
        clock: RoadmapClock = .fixed(testInstant)
    ) async throws -> (services: RoadmapServices, axis: Int64) {
        let services = try makeServices(seed: .none, clock: clock)
        return (services, try await services.makeAxis().id!)
    }

    private func action(
        _ services: RoadmapServices, _ title: String = "Médiation numérique itinérante", axis: Int64,
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
    private func action(in status: ActionStatus, _ services: RoadmapServices, axis: Int64) async throws -> Int64 {
        let id = try await action(services, axis: axis).action.id!
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
            let (services, axis) = try await servicesWithAxis()
            let id = try await action(in: from, services, axis: axis)
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

    @Test("a new action may start as planned")
    func initialStatusPlanned() async throws {
        let (services, axis) = try await servicesWithAxis()
        #expect(try await action(services, axis: axis, status: .planned).action.status == .planned)
    }

    @Test("a new action may not start as done")
    func initialStatusDone() async throws {
        let (services, axis) = try await servicesWithAxis()
        let error = await roadmapError { _ = try await action(services, axis: axis, status: .done) }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("the end is not before the start")
    func endBeforeStart() async throws {
        let (services, axis) = try await servicesWithAxis()
        #expect(
            await roadmapError { _ = try await action(services, axis: axis, start: "2025-06-01", end: "2025-05-31") }?
                .fields == ["endOn"])
    }

    @Test("a date that does not exist is refused")
    func impossibleDate() async throws {
        let (services, axis) = try await servicesWithAxis()
        #expect(
            await roadmapError { _ = try await action(services, axis: axis, start: "2025-13-01") }?.fields == [
                "startOn"
            ])
    }

    @Test("the end is not before the start when only the start is patched")
    func patchedStartAfterEnd() async throws {
        let (services, axis) = try await servicesWithAxis()
        let created = try await action(services, axis: axis, start: "2025-06-01", end: "2025-06-01")
        var patch = ActionPatch()
        patch.startOn = .set("2025-07-01")
        #expect(
            await roadmapError { _ = try await services.actions.update(id: created.action.id!, patch, by: .anonymous) }?
                .fields == ["endOn"])
    }

    @Test("the working group must work on the action's axis")
    func groupOnAnotherAxis() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis1 = try await services.makeAxis(number: 1).id!
        let axis2 = try await services.makeAxis(number: 2).id!
        let group = try await services.makeGroup(axisId: axis1).group.id!
        // MUT
        let wrong = await roadmapError {
            _ = try await services.actions.create(
                ActionInput(axisId: axis2, groupId: group, title: "X"), by: .anonymous)
        }
        // validate
        #expect(wrong?.fields == ["groupId"])
    }

    @Test("references must exist: the unknown axis, lead and contributors are each named")
    func unknownReferences() async throws {
        // setup
        let services = try makeServices(seed: .none)
        _ = try await services.makeAxis()
        let contributor = try await services.makePartner().partner.id!
        // MUT
        let unknown = await roadmapError {
            _ = try await services.actions.create(
                ActionInput(axisId: 9, leadPartnerId: 999, contributorIds: [contributor, 998], title: "X"),
                by: .anonymous)
        }
        // validate
        #expect(unknown?.fields == ["axisId", "leadPartnerId", "contributorIds[1]"])
    }

    /// An action on a group of its axis, with a lead and two contributors; and another axis.
    private func actionWithPartners(
        _ services: RoadmapServices
    ) async throws -> (action: ActionDetail, contributors: [Int64], otherAxis: Int64) {
        let otherAxis = try await services.makeAxis(number: 1).id!
        let axis = try await services.makeAxis(number: 3).id!
        let group = try await services.makeGroup(axisId: axis, name: "Filière locale de reconditionnement").group.id!
        let lead = try await services.makePartner("Gers Numérique").partner.id!
        let first = try await services.makePartner("Gers Solidaire").partner.id!
        let second = try await services.makePartner("Communauté de communes de la Lomagne Gersoise").partner.id!
        let action = try await services.actions.create(
            ActionInput(
                axisId: axis, groupId: group, leadPartnerId: lead, contributorIds: [first, second], title: "Filière"),
            by: .anonymous)
        return (action, [first, second], otherAxis)
    }

    @Test("an action keeps its contributors")
    func contributors() async throws {
        let services = try makeServices(seed: .none)
        let (fine, contributors, _) = try await actionWithPartners(services)
        #expect(fine.contributorIds == contributors)
    }

    @Test("moving an action off its group's axis is refused")
    func moveOffGroupAxis() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (fine, _, otherAxis) = try await actionWithPartners(services)
        var move = ActionPatch()
        move.axisId = .set(otherAxis)
        // MUT and validate
        #expect(
            await roadmapError { _ = try await services.actions.update(id: fine.action.id!, move, by: .anonymous) }?
                .fields == ["groupId"])
    }

    @Test("budget is 0 or more cents")
    func budget() async throws {
        let (services, axis) = try await servicesWithAxis()
        #expect(
            await roadmapError {
                _ = try await services.actions.create(
                    ActionInput(axisId: axis, title: "X", budgetCents: -1), by: .anonymous)
            }?.fields == ["budgetCents"])
    }

    @Test("progress without indicators follows the status")
    func progressFromStatus() async throws {
        let (services, axis) = try await servicesWithAxis()
        let id = try await action(in: .inProgress, services, axis: axis)
        #expect(try await services.actions.get(id: id).action.progressBasisPoints == 5_000)
        #expect(ActionProgress.basisPoints(status: .done, indicators: []) == 10_000)
        #expect(ActionProgress.basisPoints(status: .planned, indicators: []) == 0)
    }

    @Test("progress with indicators is their achievement")
    func progressFromIndicator() async throws {
        let (services, axis) = try await servicesWithAxis()
        let id = try await action(in: .inProgress, services, axis: axis)
        _ = try await services.actions.addIndicator(
            actionId: id,
            IndicatorInput(name: "médiateurs formés", unit: "personnes", targetValue: 40, currentValue: 10),
            by: .anonymous)
        #expect(try await services.actions.get(id: id).action.progressBasisPoints == 2_500)
    }

    @Test("progress is the indicators' mean achievement, an indicator over its target counting as 100 %")
    func progressMeanCapped() async throws {
        // setup
        let (services, axis) = try await servicesWithAxis()
        let id = try await action(in: .inProgress, services, axis: axis)
        _ = try await services.actions.addIndicator(
            actionId: id,
            IndicatorInput(name: "médiateurs formés", unit: "personnes", targetValue: 40, currentValue: 10),
            by: .anonymous)
        // MUT
        _ = try await services.actions.addIndicator(
            actionId: id,
            IndicatorInput(name: "ordinateurs reconditionnés", unit: "ordinateurs", targetValue: 3, currentValue: 7),
            by: .anonymous)
        // validate: the mean of 100 % and 25 %, rounded down
        #expect(try await services.actions.get(id: id).action.progressBasisPoints == 6_250)
    }

    @Test("with a baseline, achievement is (current − baseline) / (target − baseline)")
    func progressBaseline() async throws {
        // setup
        let (services, axis) = try await servicesWithAxis()
        let id = try await action(in: .inProgress, services, axis: axis)
        let trained = try await services.actions.addIndicator(
            actionId: id,
            IndicatorInput(name: "médiateurs formés", unit: "personnes", targetValue: 40, currentValue: 10),
            by: .anonymous)
        var patch = IndicatorPatch()
        patch.baselineValue = .set(4)
        patch.currentValue = .set(13)
        // MUT
        _ = try await services.actions.updateIndicator(actionId: id, id: trained.id!, patch, by: .anonymous)
        // validate
        #expect(ActionProgress.achievement(try await services.actions.indicators(actionId: id)[0]) == 2_500)
    }

    @Test("achievement rounds thirds down")
    func achievementRoundsDown() {
        #expect(
            ActionProgress.achievement(
                ActionIndicator(
                    actionId: 0, name: "x", unit: "u", targetValue: 3, currentValue: 1, createdAt: testInstant,
                    updatedAt: testInstant)) == 3_333)
    }

    /// 2025-06-15, for the tests of late actions.
    private static let june15 = RoadmapClock.fixed(Date(timeIntervalSince1970: 1_750_000_000))

    @Test("late: the end date has passed, by the injected clock")
    func late() async throws {
        let (services, axis) = try await servicesWithAxis(clock: Self.june15)
        let overdue = try await action(services, axis: axis, start: "2025-01-01", end: "2025-06-14")
        let dueToday = try await action(services, axis: axis, start: "2025-01-01", end: "2025-06-15")
        #expect(overdue.isLate)
        #expect(!dueToday.isLate)
    }

    @Test("the late filter lists the late actions only")
    func lateFilter() async throws {
        let (services, axis) = try await servicesWithAxis(clock: Self.june15)
        let overdue = try await action(services, axis: axis, start: "2025-01-01", end: "2025-06-14")
        _ = try await action(services, axis: axis, start: "2025-01-01", end: "2025-06-15")
        var query = ActionQuery(page: try PageRequest())
        query.late = true
        #expect(try await services.actions.list(query).items.map(\.action.id) == [overdue.action.id])
    }

    @Test("an abandoned action is not late")
    func abandonedIsNotLate() async throws {
        // setup
        let (services, axis) = try await servicesWithAxis(clock: Self.june15)
        let overdue = try await action(services, axis: axis, start: "2025-01-01", end: "2025-06-14")
        _ = try await action(services, axis: axis, start: "2025-01-01", end: "2025-06-15")
        // MUT
        _ = try await moved(services, overdue.action.id!, to: .abandoned)
        // validate
        var query = ActionQuery(page: try PageRequest())
        query.late = true
        #expect(try await services.actions.list(query).items.isEmpty)
        query.late = false
        #expect(try await services.actions.list(query).items.count == 2)
    }

    /// Three actions: the words in the title of one, in the description of another, not in the third.
    private func searchable(_ services: RoadmapServices, axis: Int64) async throws -> [Int64] {
        let inTitle = try await action(services, "Médiation numérique itinérante", axis: axis)
        let inDescription = try await action(
            services, "Bus France Services", axis: axis, description: "Un peu de médiation numérique en itinérance")
        _ = try await action(services, "Filière de reconditionnement", axis: axis)
        return [inTitle.action.id!, inDescription.action.id!]
    }

    @Test(
        "search ignores case and accents and ranks title matches first",
        arguments: ["mediation numerique", "MÉDIATION NUMÉRIQUE", "médiat"])
    func search(text: String) async throws {
        let (services, axis) = try await servicesWithAxis()
        let matching = try await searchable(services, axis: axis)
        var query = ActionQuery(page: try PageRequest())
        query.text = text
        let found = try await services.actions.list(query).items.map(\.action.id!)
        #expect(Set(found) == Set(matching))
    }

    @Test("full-text query syntax in the search text finds nothing instead of failing")
    func searchSyntax() async throws {
        let (services, axis) = try await servicesWithAxis()
        _ = try await searchable(services, axis: axis)
        var syntax = ActionQuery(page: try PageRequest())
        syntax.text = "\" OR * NEAR("
        #expect(try await services.actions.list(syntax).items.isEmpty)
    }

    @Test("search follows updates in the same transaction")
    func searchFollowsUpdates() async throws {
        let (services, axis) = try await servicesWithAxis()
        let created = try await action(services, "Ateliers", axis: axis)
        var patch = ActionPatch()
        patch.notes = .set("Démarches administratives en ligne")
        _ = try await services.actions.update(id: created.action.id!, patch, by: .anonymous)
        var query = ActionQuery(page: try PageRequest())
        query.text = "demarches"
        #expect(try await services.actions.list(query).items.map(\.action.id) == [created.action.id])
    }

    @Test("search follows deletions in the same transaction")
    func searchFollowsDeletions() async throws {
        // setup
        let (services, axis) = try await servicesWithAxis()
        let created = try await action(services, "Ateliers", axis: axis)
        var patch = ActionPatch()
        patch.notes = .set("Démarches administratives en ligne")
        _ = try await services.actions.update(id: created.action.id!, patch, by: .anonymous)
        // MUT
        try await services.actions.delete(id: created.action.id!, by: .anonymous)
        // validate
        var query = ActionQuery(page: try PageRequest())
        query.text = "demarches"
        #expect(try await services.actions.list(query).items.isEmpty)
    }

    @Test(
        "pages neither skip nor repeat when actions are added between them",
        arguments: [Sort<ActionSortField>(.id), Sort(.title), Sort(.updatedAt, descending: true), Sort(.progress)])
    func paginationUnderInserts(sort: Sort<ActionSortField>) async throws {
        // setup
        let (services, axis) = try await servicesWithAxis()
        var existing: [Int64] = []
        for index in 0..<30 { existing.append(try await action(services, "Action \(index)", axis: axis).action.id!) }
        // MUT
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
            _ = try await action(services, "0 inserted \(round)", axis: axis)
            round += 1
        } while cursor != nil
        // validate
        #expect(Set(seen).count == seen.count, "no repeats")
        #expect(Set(seen).isSuperset(of: Set(existing)), "no skips of the rows that existed")
    }

    @Test("an action with funding cannot be deleted; the 409 names the allocation")
    func deleteFunded() async throws {
        // setup
        let (services, axis) = try await servicesWithAxis()
        let funded = try await action(services, axis: axis)
        let funder = try await services.makePartner("Préfecture du Gers", kind: .stateService, roles: [.funder])
        let envelope = try await services.makeEnvelope(funderId: funder.partner.id!, amountCents: 4_100_000)
        let allocation = try await services.makeAllocation(
            envelopeId: envelope.envelope.id!, actionId: funded.action.id!, amountCents: 100_000)
        // MUT
        let error = await roadmapError { try await services.actions.delete(id: funded.action.id!, by: .anonymous) }
        // validate
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.entity) == ["fundingAllocation"])
        #expect(references.map(\.id) == [allocation.id!])
    }

    @Test("an action without funding is deleted with its indicators")
    func deleteWithIndicators() async throws {
        // setup
        let (services, axis) = try await servicesWithAxis()
        let plain = try await action(services, axis: axis)
        _ = try await services.actions.addIndicator(
            actionId: plain.action.id!, IndicatorInput(name: "x", unit: "u", targetValue: 1), by: .anonymous)
        // MUT
        try await services.actions.delete(id: plain.action.id!, by: .anonymous)
        // validate
        let indicators = try await services.database.read { db in try ActionIndicator.fetchCount(db) }
        #expect(indicators == 0)
        #expect(
            await roadmapError { _ = try await services.actions.get(id: plain.action.id!) }
                == .notFound(entity: "action", id: String(plain.action.id!)))
    }

    /// On 2025-06-15: on one axis a done, an abandoned and a late draft action; one action on
    /// a second axis; a third axis without actions.
    private func summarized() async throws -> (
        services: RoadmapServices, axis: Int64, emptyAxis: Int64
    ) {
        let services = try makeServices(seed: .none, clock: Self.june15)
        let axis = try await services.makeAxis(number: 1).id!
        let otherAxis = try await services.makeAxis(number: 2).id!
        let emptyAxis = try await services.makeAxis(number: 4, optional: true).id!
        _ = try await action(in: .done, services, axis: axis)
        _ = try await action(in: .abandoned, services, axis: axis)
        _ = try await action(services, axis: axis, start: "2025-01-01", end: "2025-02-01")
        _ = try await services.actions.create(ActionInput(axisId: otherAxis, title: "Autre axe"), by: .anonymous)
        return (services, axis, emptyAxis)
    }

    @Test("an axis summary counts its actions by status")
    func axisSummaryByStatus() async throws {
        let (services, axis, _) = try await summarized()
        let summary = try await services.axes.get(id: axis).summary
        #expect(summary.total == 3)
        #expect(
            summary.byStatus[.done] == 1 && summary.byStatus[.abandoned] == 1 && summary.byStatus[.draft] == 1
                && summary.byStatus[.planned] == 0)
    }

    @Test("an axis summary counts its late actions")
    func axisSummaryLate() async throws {
        let (services, axis, _) = try await summarized()
        #expect(try await services.axes.get(id: axis).summary.late == 1)
    }

    @Test("an axis summary averages progress without the abandoned actions")
    func axisSummaryProgress() async throws {
        let (services, axis, _) = try await summarized()
        // done 10 000 and draft 0; abandoned left out
        #expect(try await services.axes.get(id: axis).summary.averageProgressBasisPoints == 5_000)
    }

    @Test("the roadmap summary covers the actions of every axis")
    func roadmapSummary() async throws {
        let (services, _, _) = try await summarized()
        try await services.makeRoadmap()
        let roadmap = try await services.roadmap.get().summary
        #expect(roadmap.total == 4 && roadmap.averageProgressBasisPoints == 3_333)
    }

    @Test("an axis without actions has no average progress")
    func emptyAxisSummary() async throws {
        let (services, _, emptyAxis) = try await summarized()
        #expect(try await services.axes.get(id: emptyAxis).summary.averageProgressBasisPoints == nil)
    }
}
