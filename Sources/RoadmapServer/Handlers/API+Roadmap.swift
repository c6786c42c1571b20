import Foundation
import Roadmap
import RoadmapAPI

extension API {
    func getRoadmap(_ input: Operations.GetRoadmap.Input) async throws -> Operations.GetRoadmap.Output {
        let body = Components.Schemas.Roadmap(try await services.roadmap.get())
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateRoadmap(_ input: Operations.UpdateRoadmap.Input) async throws -> Operations.UpdateRoadmap.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let info = try await services.roadmap.update(
            try RoadmapPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Roadmap($0) })
        let body = Components.Schemas.Roadmap(info)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }
}

extension API {
    func getRoadmapHistory(
        _ input: Operations.GetRoadmapHistory.Input
    ) async throws -> Operations.GetRoadmapHistory.Output {
        .ok(try await history(of: RoadmapRecord.self, RoadmapRecord.singletonId, input.query.limit, input.query.cursor))
    }
}
