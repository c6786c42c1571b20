import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI
@testable import RoadmapServer

/// The yearly report over HTTP (issue 17): the JSON, and the page a person reads and prints,
/// which shows the same figures.
@Suite("Yearly report over HTTP")
struct YearReportEndpointTests {
    /// An action of axe 1 in progress with an indicator measured once; the test clock says 2026-03-15.
    static func setting(_ services: RoadmapServices) async throws -> Int64 {
        let action = try await services.actions.create(
            ActionInput(
                axisId: 1, title: "Former les agents d'accueil des mairies", status: .planned, startOn: "2026-01-15",
                endOn: "2027-06-30", budgetCents: 1_500_000),
            by: .commandLine)
        let id = action.action.id!
        let indicator = try await services.actions.addIndicator(
            actionId: id, IndicatorInput(name: "agents d'accueil formés", unit: "personnes", targetValue: 120),
            by: .commandLine)
        _ = try await services.actions.addMeasurement(
            actionId: id, indicatorId: indicator.id!, MeasurementInput(value: 45, measuredOn: "2026-03-01"),
            by: .commandLine)
        return id
    }

    @Test("GET /reports/{year}: the year's actions per axis with their progress, the seeded envelopes, the changes")
    func json() async throws {
        try await withApp { client, services in
            // setup
            let id = try await Self.setting(services)
            // MUT
            let report = try await client.execute(uri: "/reports/2026", method: .get) { response in
                #expect(response.status == .ok)
                return try response.decoded(Components.Schemas.YearReport.self)
            }
            // validate
            #expect(report.year == 2026 && report.asOf == "2026-03-15")
            #expect(report.axes.map(\.number) == [1, 2, 3, 4])
            #expect(report.axes[0].actions.map(\.id) == [id])
            #expect(report.axes[0].actions.first?.progressBasisPoints == 3_750)
            #expect(
                report.axes[0].indicators.first.map { [$0.startValue, $0.endValue, $0.targetValue] } == [0, 45, 120])
            #expect(report.funding.envelopes.count == 3)
            #expect(
                report.funding.totals.amountCents == report.funding.envelopes.map(\.value2.amountCents).reduce(0, +))
            #expect(report.changes.contains { $0.resource == .actions && $0.created == 1 })
        }
    }

    @Test("GET /reports/{year}.html: a French page whose figures are the JSON report's, with two charts as images")
    func page() async throws {
        try await withApp { client, services in
            // setup
            let id = try await Self.setting(services)
            let report = try await client.execute(uri: "/reports/2026", method: .get) {
                try $0.decoded(Components.Schemas.YearReport.self)
            }
            // MUT
            let html = try await client.execute(uri: "/reports/2026.html", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                return String(buffer: response.body)
            }
            // validate
            #expect(html.contains("<html lang=\"fr\">"))
            #expect(html.components(separatedBy: "role=\"img\"").count == 3)
            #expect(!html.lowercased().contains("<script"))
            #expect(html.contains("<tr data-action=\"\(id)\">"))
            #expect(html.contains("data-value=\"3750\" data-field=\"progressBasisPoints\">37,50\u{A0}%</td>"))
            let totals = report.funding.totals
            #expect(
                html.contains(
                    "data-value=\"\(totals.amountCents)\" data-field=\"amountCents\">\(Money.french(totals.amountCents))</td>"
                ))
            #expect(html.contains("Chiffres au <time datetime=\"2026-03-15\">15 mars 2026</time>"))
            // the year's difference, readable: the action added, by its title
            #expect(
                html.contains(
                    "<tr data-path=\"/actions/\(id)\"><td>Actions</td><th scope=\"row\">Former les agents d&#39;accueil des mairies</th><td>ajouté</td>"
                ))
        }
    }

    @Test("a year out of range is a 400 problem naming year, for the JSON and the page alike")
    func outOfRange() async throws {
        try await withApp { client, _ in
            for uri in ["/reports/2022", "/reports/2027.html", "/reports/deux-mille.html"] {
                let problem = try await client.execute(uri: uri, method: .get) { response in
                    response.expectProblem(.badRequest)
                    return try response.problem()
                }
                #expect(problem.errors?.map(\.field) == ["year"], "\(uri)")
            }
        }
    }
}

@Suite("French names of the change log's resources")
struct ResourceFrenchNamesTests {
    @Test("every logged kind of resource has a French name on the report and difference pages")
    func everyKindNamed() {
        for kind in LoggedResources.all.map({ $0.resourceName }) where kind != "tokens" {
            #expect(FrenchText.resource(kind) != kind, "\(kind) has no French name")
        }
    }
}
