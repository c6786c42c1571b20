import Foundation
import GRDB
import Testing

@testable import Roadmap

/// The one write path (`AuditedWrite`) and the one validation per record: what every module
/// gets from them, checked on modules other than the axes (whose own tests cover the basics).
@Suite("Write path and record validation")
struct WritePathTests {
    @Test("the change log names a resource as the paths do, with its path, for sub-resources too")
    func entityNamesFromTypes() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.axes.create(AxisInput(number: 1, title: "Axe"), by: .anonymous)
        let action = try await services.actions.create(
            ActionInput(axisId: axis.axis.id!, title: "Action"), by: .anonymous)
        // MUT
        let indicator = try await services.actions.addIndicator(
            actionId: action.action.id!, IndicatorInput(name: "formés", unit: "personnes", targetValue: 10),
            by: .anonymous)
        // validate
        let change = try #require(try await services.database.latestChange())
        #expect(change.entityType == ActionIndicator.resourceName)
        #expect(change.entityType == "indicators")
        #expect(change.path == "/actions/\(action.action.id!)/indicators/\(indicator.id!)")
    }

    @Test("a patch that changes nothing writes no change row and keeps updatedAt (meetings)")
    func unchangedPatchWritesNothing() async throws {
        // setup
        let services = try makeServices(seed: .none, clock: .fixed(testInstant))
        let axis = try await services.axes.create(AxisInput(number: 1, title: "Axe"), by: .anonymous)
        let group = try await services.groups.create(GroupInput(axisId: axis.axis.id!, name: "Groupe"), by: .anonymous)
        let meeting = try await services.groups.createMeeting(
            groupId: group.group.id!,
            MeetingInput(startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T16:00:00+01:00"),
            by: .anonymous)
        let before = try #require(try await services.database.latestChange())
        var patch = MeetingPatch()
        patch.startsAt = .set(meeting.startsAt)
        // MUT
        let later = RoadmapServices(database: services.database, clock: .fixed(testInstant.addingTimeInterval(3600)))
        let same = try await later.groups.updateMeeting(
            groupId: group.group.id!, id: meeting.id!, patch, by: .anonymous)
        // validate
        #expect(same == meeting)
        #expect(try await services.database.latestChange()?.id == before.id)
    }

    @Test("a patch is checked on the resulting record: an end moved before the stored start is refused (envelopes)")
    func patchValidatedOnTheRecord() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let funder = try await services.partners.create(
            PartnerInput(name: "Financeur", kind: .stateService), by: .anonymous)
        let envelope = try await services.funding.createEnvelope(
            EnvelopeInput(funderId: funder.partner.id!, label: "Enveloppe", amountCents: 100, validFrom: "2025-06-01"),
            by: .anonymous)
        var patch = EnvelopePatch()
        patch.validUntil = .set("2025-01-31")
        // MUT
        let error = await roadmapError {
            _ = try await services.funding.updateEnvelope(id: envelope.envelope.id!, patch, by: .anonymous)
        }
        // validate
        #expect(error == .invalid("validUntil", "must not be before validFrom (2025-06-01)"))
    }

    @Test("a creation names every faulty field at once, dates that do not parse included (actions)")
    func oneAnswerNamesAllFaults() async throws {
        let services = try makeServices(seed: .none)
        let input = ActionInput(axisId: 0, contributorIds: [7, 7], title: " ", startOn: "2025-13-01", budgetCents: -1)
        let error = await roadmapError { _ = try await services.actions.create(input, by: .anonymous) }
        #expect(Set(error?.fields ?? []) == ["axisId", "contributorIds", "title", "startOn", "budgetCents"])
    }

    @Test("setting a name keeps its comparison key in step (partners, groups)")
    func keysFollowNames() throws {
        var partner = Partner(name: "Réseau", kind: .network)
        partner.name = "ÉCOLE Numérique"
        #expect(partner.nameKey == TextKey.fold("ÉCOLE Numérique"))
        var group = WorkingGroup(axisId: 1, name: "Groupe")
        group.name = "Médiation"
        #expect(group.nameKey == TextKey.fold("Médiation"))
    }
}

@Suite("Typed sorts")
struct SortTests {
    @Test("a sort reads and writes its public name, descending with a leading '-'")
    func rawValues() {
        #expect(Sort<AxisSortField>(rawValue: "-title") == Sort(.title, descending: true))
        #expect(Sort<AxisSortField>(rawValue: "number")?.rawValue == "number")
        #expect(Sort<AxisSortField>(rawValue: "colour") == nil)
        #expect(Sort<AxisSortField>.allCases.count == AxisSortField.allCases.count * 2)
    }

    @Test("relevance is offered best first only")
    func relevanceAscendingOnly() {
        #expect(Sort<ActionSortField>(rawValue: "relevance") == Sort(.relevance))
        #expect(Sort<ActionSortField>(rawValue: "-relevance") == nil)
        #expect(!Sort<ActionSortField>.allCases.contains(Sort(.relevance, descending: true)))
    }

    @Test("actions sorted by status come in workflow order, from the same ranks SQL uses")
    func statusOrder() async throws {
        let services = try makeServices(seed: .none)
        let axis = try await services.axes.create(AxisInput(number: 1, title: "Axe"), by: .anonymous)
        for status in [ActionStatus.planned, .draft] {
            _ = try await services.actions.create(
                ActionInput(axisId: axis.axis.id!, title: "\(status)", status: status), by: .anonymous)
        }
        var query = ActionQuery(page: try PageRequest())
        query.sort = Sort(.status)
        #expect(try await services.actions.list(query).items.map(\.action.status) == [.draft, .planned])
        query.sort = Sort(.status, descending: true)
        #expect(try await services.actions.list(query).items.map(\.action.status) == [.planned, .draft])
        #expect(ActionStatus.allCases.map(\.workflowRank) == Array(0..<ActionStatus.allCases.count))
    }
}
