import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        do {
            try await services.database.ping()
        } catch {
            throw RoadmapError.unavailable("health check query failed")
        }
        return .ok(.init(body: .json(.init(status: .ok))))
    }

    func getOpenAPIDocument(
        _ input: Operations.GetOpenAPIDocument.Input
    ) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(openAPIDocument))))
    }

    func getOpenAPIDocumentJSON(
        _ input: Operations.GetOpenAPIDocumentJSON.Input
    ) async throws -> Operations.GetOpenAPIDocumentJSON.Output {
        .ok(.init(body: .json(openAPIDocumentJSON)))
    }
}
