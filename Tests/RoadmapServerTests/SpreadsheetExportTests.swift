import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// The CSV tables for spreadsheets (issue 17, first part): actions, partners, indicators and
/// grant requests, with a byte-order mark, one header row, a separator option and no
/// formula injection.
@Suite("Spreadsheet exports")
struct SpreadsheetExportTests {
    static func csv(_ client: APIClient, _ uri: String) async throws -> String {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == .ok, "\(uri)")
            #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
            return String(buffer: response.body)
        }
    }

    @Test("every table starts with a byte-order mark and one header row, in either separator")
    func headers() async throws {
        try await withApp { client, _ in
            for (table, first) in [
                ("actions", "Numéro"), ("partners", "Numéro"), ("indicators", "Action"), ("measurements", "Action"),
                ("grants", "Numéro"),
            ] {
                let comma = try await Self.csv(client, "/exports/\(table).csv")
                #expect(comma.hasPrefix("\u{FEFF}\(first),"), "\(table)")
                let semicolon = try await Self.csv(client, "/exports/\(table).csv?separator=semicolon")
                #expect(semicolon.hasPrefix("\u{FEFF}\(first);"), "\(table)")
                #expect(semicolon.hasSuffix("\r\n"))
            }
        }
    }

    @Test("an action's row: its axis, group, status in French, lead, contributors, budget with a decimal comma")
    func actionRow() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.axes.create(
                AxisInput(number: 2, title: "Renforcer la médiation"), by: .commandLine)
            let group = try await services.makeGroup(axisId: axis.axis.id!, name: "Usages")
            let lead = try await services.makePartner("Gers Numérique", kind: .gip)
            let other = try await services.makePartner("Gers Solidaire")
            let action = try await services.actions.create(
                ActionInput(
                    axisId: axis.axis.id!, groupId: group.group.id!, leadPartnerId: lead.partner.id!,
                    contributorIds: [other.partner.id!], title: "Former les agents d'accueil", status: .planned,
                    startOn: "2026-09-01", endOn: "2027-06-30", budgetCents: 1_500_050),
                by: .commandLine)
            _ = try await services.actions.addIndicator(
                actionId: action.action.id!,
                IndicatorInput(name: "agents formés", unit: "personnes", targetValue: 40, currentValue: 10),
                by: .commandLine)
            // MUT
            let text = try await Self.csv(client, "/exports/actions.csv?separator=semicolon")
            // validate
            let lines = text.dropFirst().components(separatedBy: "\r\n")
            #expect(
                lines[1]
                    == "\(action.action.id!);Former les agents d'accueil;Axe 2 : Renforcer la médiation;Usages;Planifiée;non;Gers Numérique;Gers Solidaire;15000,50;2026-09-01;2027-06-30;25,00;agents formés : 10/40 personnes"
            )
            let comma = try await Self.csv(client, "/exports/actions.csv")
            #expect(comma.contains(",15000.50,"))
        }
    }

    @Test("measurements: one row per value over time, by action, indicator and day, with comment and source")
    func measurementRows() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis()
            let action = try await services.makeAction(axisId: axis.axis.id!, title: "Former les agents d'accueil")
            let id = action.action.id!
            let indicator = try await services.actions.addIndicator(
                actionId: id, IndicatorInput(name: "agents formés", unit: "personnes", targetValue: 40),
                by: .commandLine)
            for (value, day, comment) in [(10, "2026-10-01", "Auch; Condom"), (4, "2026-06-30", nil)] {
                _ = try await services.actions.addMeasurement(
                    actionId: id, indicatorId: indicator.id!,
                    MeasurementInput(value: Int64(value), measuredOn: day, comment: comment, source: "émargements"),
                    by: .commandLine)
            }
            // MUT
            let text = try await Self.csv(client, "/exports/measurements.csv?separator=semicolon")
            // validate
            let lines = text.dropFirst().components(separatedBy: "\r\n")
            #expect(lines[0] == "Action;Titre de l'action;Indicateur;Unité;Mesuré le;Valeur;Cible;Commentaire;Source")
            #expect(
                lines[1] == "\(id);Former les agents d'accueil;agents formés;personnes;2026-06-30;4;40;;émargements")
            #expect(
                lines[2]
                    == "\(id);Former les agents d'accueil;agents formés;personnes;2026-10-01;10;40;\"Auch; Condom\";émargements"
            )
        }
    }

    @Test("a text a spreadsheet would run as a formula is disarmed; the separator inside a text is quoted")
    func formulaInjection() async throws {
        try await withApp(seed: .none) { client, services in
            _ = try await services.makePartner("=HYPERLINK(\"http://x\";\"clic\")")
            _ = try await services.makePartner("Réseau; Gers")
            let text = try await Self.csv(client, "/exports/partners.csv?separator=semicolon")
            #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\""))
            #expect(text.contains("\"Réseau; Gers\""))
            #expect(!text.contains("\n=HYPERLINK") && !text.contains(";=HYPERLINK"))
        }
    }

    @Test("an unknown separator is a 400 naming it")
    func unknownSeparator() async throws {
        try await withApp(seed: .none) { client, _ in
            let fields = try await client.execute(uri: "/exports/grants.csv?separator=tab", method: .get) { response in
                response.expectProblem(.badRequest)
                return try response.problem().errors?.map(\.field)
            }
            #expect(fields == ["separator"])
        }
    }
}
