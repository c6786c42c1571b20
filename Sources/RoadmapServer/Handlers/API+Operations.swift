import CoreMetrics
import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        // The size is read at scrape time, so that it is current without a background task.
        let size = try await services.database.sizeInBytes()
        CoreMetrics.Gauge(label: "fne_database_size_bytes", factory: metrics.factory).record(size)
        return .ok(.init(body: .plainText(HTTPBody(metrics.exposition()))))
    }

    func exportRoadmap(_ input: Operations.ExportRoadmap.Input) async throws -> Operations.ExportRoadmap.Output {
        // The domain writes the document; the contract type carries it to the client, encoded
        // with sorted keys, so the same database always gives the same bytes.
        let data = try await services.database.exportDocument()
        let document = try JSONDecoder().decode(Components.Schemas.ExportDocument.self, from: data)
        return .ok(.init(body: .json(document)))
    }
}
