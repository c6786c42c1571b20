import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    // MARK: Spreadsheet exports

    func exportActionsCSV(_ input: Operations.ExportActionsCSV.Input) async throws -> Operations.ExportActionsCSV.Output
    {
        let separator = CSVDocument.Separator(mirroring: input.query.separator ?? .comma)
        return .ok(.init(body: .csv(HTTPBody(try await services.spreadsheets.actions(separator: separator)))))
    }

    func exportPartnersCSV(
        _ input: Operations.ExportPartnersCSV.Input
    ) async throws -> Operations.ExportPartnersCSV.Output {
        let separator = CSVDocument.Separator(mirroring: input.query.separator ?? .comma)
        return .ok(.init(body: .csv(HTTPBody(try await services.spreadsheets.partners(separator: separator)))))
    }

    func exportIndicatorsCSV(
        _ input: Operations.ExportIndicatorsCSV.Input
    ) async throws -> Operations.ExportIndicatorsCSV.Output {
        let separator = CSVDocument.Separator(mirroring: input.query.separator ?? .comma)
        return .ok(.init(body: .csv(HTTPBody(try await services.spreadsheets.indicators(separator: separator)))))
    }

    func exportMeasurementsCSV(
        _ input: Operations.ExportMeasurementsCSV.Input
    ) async throws -> Operations.ExportMeasurementsCSV.Output {
        let separator = CSVDocument.Separator(mirroring: input.query.separator ?? .comma)
        return .ok(.init(body: .csv(HTTPBody(try await services.spreadsheets.measurements(separator: separator)))))
    }

    func exportGrantsCSV(_ input: Operations.ExportGrantsCSV.Input) async throws -> Operations.ExportGrantsCSV.Output {
        let separator = CSVDocument.Separator(mirroring: input.query.separator ?? .comma)
        return .ok(.init(body: .csv(HTTPBody(try await services.spreadsheets.grants(separator: separator)))))
    }
}

extension API {
    // MARK: Deadlines

    func getDeadlinesCalendar(
        _ input: Operations.GetDeadlinesCalendar.Input
    ) async throws -> Operations.GetDeadlinesCalendar.Output {
        .ok(.init(body: .textCalendar(HTTPBody(try await services.deadlines.feed(partnerId: nil)))))
    }

    func getPartnerDeadlinesCalendar(
        _ input: Operations.GetPartnerDeadlinesCalendar.Input
    ) async throws -> Operations.GetPartnerDeadlinesCalendar.Output {
        .ok(.init(body: .textCalendar(HTTPBody(try await services.deadlines.feed(partnerId: input.path.id)))))
    }

    // MARK: The yearly report

    func getYearReport(_ input: Operations.GetYearReport.Input) async throws -> Operations.GetYearReport.Output {
        .ok(.init(body: .json(try .init(try await services.yearReports.report(year: input.path.year)))))
    }

    func getYearReportPage(
        _ input: Operations.GetYearReportPage.Input
    ) async throws -> Operations.GetYearReportPage.Output {
        let report = try await services.yearReports.report(year: input.path.year)
        return .ok(.init(body: .html(HTTPBody(YearReportPage(report: report).html))))
    }
}
