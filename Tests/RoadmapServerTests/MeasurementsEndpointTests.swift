import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// Indicator measurements over HTTP (issue 17), as a member of staff reports figures with
/// curl: two counts, a late correction, the values at the end of 2025, a mistake removed.
@Suite("Indicator measurements over HTTP")
struct MeasurementsEndpointTests {
    /// An action of axe 1 with one indicator, nothing measured yet: its measurements' URI.
    static func indicator(_ services: RoadmapServices) async throws -> String {
        let action = try await services.makeAction(axisId: 1).action.id!
        let indicator = try await services.actions.addIndicator(
            actionId: action, IndicatorInput(name: "agents d'accueil formés", unit: "personnes", targetValue: 120),
            by: .commandLine)
        return "/actions/\(action)/indicators/\(indicator.id!)"
    }

    static func post(_ client: APIClient, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.contentType: "application/json"], body: json(body)
        ) { $0 }
    }

    @Test(
        "POST records a measurement: 201 with Location and ETag; the indicator shows the latest; GET lists oldest first"
    )
    func recordAndList() async throws {
        try await withApp(seed: .gers) { client, services in
            // setup
            let uri = try await Self.indicator(services)
            // MUT
            let november = try await Self.post(
                client, "\(uri)/measurements",
                #"{"value": 45, "measuredOn": "2026-11-30", "source": "Feuilles d'émargement"}"#)
            let june = try await Self.post(client, "\(uri)/measurements", #"{"value": 18, "measuredOn": "2026-06-30"}"#)
            // validate
            #expect(november.status == .created)
            let created = try november.decoded(Components.Schemas.Measurement.self)
            #expect(november.headers[.location] == "\(uri)/measurements/\(created.id)")
            #expect(created.source == "Feuilles d'émargement")
            let tag = try #require(november.headers[.eTag])
            try await client.execute(
                uri: "\(uri)/measurements/\(created.id)", method: .get, headers: [.ifNoneMatch: tag]
            ) { #expect($0.status == .notModified) }
            #expect(june.status == .created)
            let list = try await client.execute(uri: "\(uri)/measurements", method: .get) {
                try $0.decoded(Components.Schemas.MeasurementList.self)
            }
            #expect(list.items.map(\.value) == [18, 45])
            let indicator = try await client.execute(uri: uri, method: .get) {
                try $0.decoded(Components.Schemas.Indicator.self)
            }
            #expect(indicator.currentValue == 45)
            #expect(indicator.measuredOn == "2026-11-30")
        }
    }

    @Test("?on= gives the values valid at the end of that day; an impossible day is a 400 naming on")
    func valuesOnADay() async throws {
        try await withApp(seed: .gers) { client, services in
            // setup
            let uri = try await Self.indicator(services)
            _ = try await Self.post(client, "\(uri)/measurements", #"{"value": 18, "measuredOn": "2025-06-30"}"#)
            _ = try await Self.post(client, "\(uri)/measurements", #"{"value": 45, "measuredOn": "2026-02-28"}"#)
            let list = String(uri.prefix(upTo: uri.range(of: "/indicators/")!.upperBound).dropLast())
            // MUT
            let endOf2025 = try await client.execute(uri: "\(list)?on=2025-12-31", method: .get) {
                try $0.decoded(Components.Schemas.IndicatorList.self)
            }
            let problem = try await client.execute(uri: "\(list)?on=2025-02-30", method: .get) { response in
                response.expectProblem(.badRequest)
                return try response.problem()
            }
            // validate
            #expect(endOf2025.items.map(\.currentValue) == [18])
            #expect(endOf2025.items.map(\.achievementBasisPoints) == [1_500])
            #expect(problem.errors?.map(\.field) == ["on"])
        }
    }

    @Test("DELETE removes a mistake: 204, the indicator falls back; a stale If-Match is a 412; elsewhere a 404")
    func deleteAMistake() async throws {
        try await withApp(seed: .gers) { client, services in
            // setup
            let uri = try await Self.indicator(services)
            _ = try await Self.post(client, "\(uri)/measurements", #"{"value": 18, "measuredOn": "2026-01-31"}"#)
            let mistake = try await Self.post(
                client, "\(uri)/measurements", #"{"value": 450, "measuredOn": "2026-02-28"}"#
            )
            .decoded(Components.Schemas.Measurement.self)
            // MUT / validate
            try await client.execute(
                uri: "\(uri)/measurements/\(mistake.id)", method: .delete, headers: [.ifMatch: "\"stale\""]
            ) { $0.expectProblem(.preconditionFailed) }
            try await client.execute(uri: "/actions/1/indicators/999/measurements/\(mistake.id)", method: .delete) {
                $0.expectProblem(.notFound)
            }
            try await client.execute(uri: "\(uri)/measurements/\(mistake.id)", method: .delete) {
                #expect($0.status == .noContent)
            }
            let indicator = try await client.execute(uri: uri, method: .get) {
                try $0.decoded(Components.Schemas.Indicator.self)
            }
            #expect(indicator.currentValue == 18)
        }
    }

    @Test("measurements are written with a token only, and appear in the change feed as measurements")
    func accessAndFeed() async throws {
        try await withApp(seed: .gers) { client, services in
            // setup
            let uri = try await Self.indicator(services)
            // MUT
            let anonymous = try await Self.post(client.anonymous, "\(uri)/measurements", #"{"value": 1}"#)
            let invalid = try await Self.post(client, "\(uri)/measurements", #"{"value": -1}"#)
            _ = try await Self.post(client, "\(uri)/measurements", #"{"value": 3}"#)
            // validate
            #expect(anonymous.status == .unauthorized)
            #expect(invalid.status == .badRequest)
            let changes = try await client.execute(uri: "/changes?after=0&limit=500", method: .get) {
                try $0.decoded(Components.Schemas.ChangePage.self)
            }
            let measurements = changes.items.compactMap { change -> Components.Schemas.MeasurementsChangeEntry? in
                if case .measurements(let entry) = change { return entry }
                return nil
            }
            #expect(measurements.count == 1)
            #expect(measurements.first?.value2.changes.value?.new == 3)
        }
    }
}
