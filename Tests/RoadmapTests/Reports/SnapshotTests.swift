import Foundation
import Testing

@testable import Roadmap

/// The roadmap at any moment, rebuilt from the change log; named versions; differences
/// (issue 17).
@Suite("Snapshots, versions and differences")
struct SnapshotTests {
    static func fields(_ snapshot: RoadmapSnapshot, _ kind: String) -> [[String: JSONValue]] {
        (snapshot.resources[kind] ?? []).map(\.fields)
    }

    @Test("on a fresh install, the roadmap as signed on 24 January 2025 is the seed; the day before, nothing")
    func signedRoadmap() async throws {
        // setup
        let services = try makeServices(seed: .gers)
        // MUT
        let signed = try await services.snapshots.snapshot(asOf: "2025-01-24")
        let before = try await services.snapshots.snapshot(asOf: "2025-01-23")
        // validate
        #expect(signed.asOf == CalendarDate("2025-01-25")!.start(in: RoadmapClock.paris).addingTimeInterval(-0.001))
        #expect(Self.fields(signed, "axes").count == 4)
        #expect(Self.fields(signed, "partners").count == 12)
        #expect(
            Self.fields(signed, "envelopes").compactMap { $0["amountCents"] } == [
                .integer(4_100_000), .integer(5_000_000), .integer(2_000_000),
            ])
        #expect(Self.fields(signed, "roadmap").first?["signedOn"] == .string("2025-01-24"))
        #expect(before.resources.values.allSatisfy { $0.isEmpty })
    }

    @Test("a snapshot shows each resource as it was then: later changes are out, later deletions not yet done")
    func pastState() async throws {
        // setup: an axis created on 1 March 2026, renamed on 10 March, deleted on 14 March
        let services = try makeServices(seed: .none)
        let axis = try await YearReportTests.on("2026-03-01", services).makeAxis(title: "Inclusion")
        _ = try await YearReportTests.on("2026-03-10", services).axes.update(
            id: axis.id!, AxisPatch(title: .set("Inclusion numérique")), by: .anonymous)
        try await YearReportTests.on("2026-03-14", services).axes.delete(id: axis.id!, by: .anonymous)
        // MUT
        let march5 = try await services.snapshots.snapshot(asOf: "2026-03-05")
        let march12 = try await services.snapshots.snapshot(asOf: "2026-03-12")
        let now = try await services.snapshots.snapshot(asOf: nil)
        // validate
        #expect(Self.fields(march5, "axes").map { $0["title"] } == [.string("Inclusion")])
        #expect(Self.fields(march12, "axes").map { $0["title"] } == [.string("Inclusion numérique")])
        #expect(march12.resources["axes"]?.map(\.path) == ["/axes/\(axis.id!)"])
        #expect(Self.fields(now, "axes").isEmpty)
    }

    @Test("an action's progress in a snapshot is computed from its status and its indicators then")
    func progressThen() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let march1 = YearReportTests.on("2026-03-01", services)
        let axis = try await march1.makeAxis()
        let action = try await march1.makeAction(axisId: axis.id!, status: .planned)
        let indicator = try await march1.actions.addIndicator(
            actionId: action.action.id!,
            IndicatorInput(name: "agents", unit: "personnes", targetValue: 40, currentValue: 10),
            by: .anonymous)
        var patch = IndicatorPatch()
        patch.currentValue = .set(30)
        _ = try await YearReportTests.on("2026-03-10", services).actions.updateIndicator(
            actionId: action.action.id!, id: indicator.id!, patch, by: .anonymous)
        // MUT
        let march5 = try await services.snapshots.snapshot(asOf: "2026-03-05")
        let live = try await services.actions.get(id: action.action.id!)
        let now = try await services.snapshots.snapshot(asOf: nil)
        // validate
        #expect(Self.fields(march5, "actions").first?["progressBasisPoints"] == .integer(2_500))
        #expect(
            Self.fields(now, "actions").first?["progressBasisPoints"]
                == .integer(Int64(live.action.progressBasisPoints)))
        #expect(live.action.progressBasisPoints == 7_500)
    }

    @Test("a version freezes the roadmap under a label; a label taken (ignoring case and accents) is a 409")
    func versions() async throws {
        // setup
        let services = try makeServices(seed: .gers)
        // MUT
        let signed = try await services.snapshots.createVersion(
            label: "Version signée du 24 janvier 2025", asOf: "2025-01-24", by: .commandLine)
        _ = try await services.axes.update(id: 1, AxisPatch(title: .set("Nouveau titre")), by: .anonymous)
        // validate
        await #expect(throws: RoadmapError.self) {
            _ = try await services.snapshots.createVersion(
                label: "VERSION SIGNEE du 24 janvier 2025", asOf: nil, by: .commandLine)
        }
        let read = try await services.snapshots.version(id: signed.id!)
        #expect(read.label == "Version signée du 24 janvier 2025" && read.createdBy == "cli")
        #expect(try read.snapshot() == (try await services.snapshots.snapshot(asOf: "2025-01-24")))
        #expect(try await services.snapshots.versions().map(\.id) == [signed.id])
    }

    @Test("the difference between a version and now: added, removed and changed resources with their fields")
    func difference() async throws {
        // setup
        let services = try makeServices(seed: .gers)
        let signed = try await services.snapshots.createVersion(label: "signée", asOf: "2025-01-24", by: .commandLine)
        var amount = EnvelopePatch()
        amount.amountCents = .set(4_300_000)
        _ = try await services.funding.updateEnvelope(id: 1, amount, by: .anonymous)
        let action = try await services.makeAction(axisId: 1, title: "Ateliers numériques")
        let axis5 = try await services.makeAxis(number: 5, title: "Axe éphémère")
        try await services.axes.delete(id: axis5.id!, by: .anonymous)
        // MUT
        let diff = try await services.snapshots.diff(from: nil, fromVersion: signed.id!, to: nil, toVersion: nil)
        // validate
        #expect(diff.from.versionId == signed.id && diff.from.label == "signée" && diff.to.versionId == nil)
        try #require(diff.resources.map(\.resource) == ["actions", "envelopes"])
        #expect(diff.resources[0].added.map(\.id) == [action.action.id!])
        #expect(diff.resources[1].changed.map(\.path) == ["/funding/envelopes/1"])
        #expect(
            diff.resources[1].changed.first?.changes["amountCents"]
                == FieldChange(old: .integer(4_100_000), new: .integer(4_300_000)))
        // and backwards, from now to the version: the action is removed, the amount goes back
        let back = try await services.snapshots.diff(
            from: "2026-03-15", fromVersion: nil, to: nil, toVersion: signed.id!)
        #expect(back.resources.first { $0.resource == "actions" }?.removed.map(\.id) == [action.action.id!])
        #expect(
            back.resources.first { $0.resource == "envelopes" }?.changed.first?.changes["amountCents"]
                == FieldChange(old: .integer(4_300_000), new: .integer(4_100_000)))
    }

    @Test("asOf is a day or an instant with its offset, not after now; a difference needs one earlier state")
    func invalidMoments() async throws {
        let services = try makeServices(seed: .none)
        for text in ["2025-02-30", "hier", "2025-01-24T10:00:00"] {
            await #expect(
                throws: RoadmapError.invalid("asOf", "must be a day YYYY-MM-DD or an ISO 8601 instant with its offset")
            ) {
                _ = try await services.snapshots.snapshot(asOf: text)
            }
        }
        await #expect(throws: RoadmapError.invalid("asOf", "must not be after now")) {
            _ = try await services.snapshots.snapshot(asOf: "2026-03-16")
        }
        #expect(try await services.snapshots.snapshot(asOf: "2026-03-15").asOf == testInstant)
        await #expect(throws: RoadmapError.self) {
            _ = try await services.snapshots.diff(from: "2025-01-24", fromVersion: 1, to: nil, toVersion: nil)
        }
        await #expect(throws: RoadmapError.self) {
            _ = try await services.snapshots.diff(from: nil, fromVersion: nil, to: nil, toVersion: nil)
        }
    }
}
