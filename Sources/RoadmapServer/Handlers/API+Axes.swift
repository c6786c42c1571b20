import Foundation
import Roadmap
import RoadmapAPI

extension API {
    func listAxes(_ input: Operations.ListAxes.Input) async throws -> Operations.ListAxes.Output {
        let query = AxisQuery(
            ids: input.query.id ?? [], isOptional: input.query.optional,
            sort: input.query.sort.map(Sort.init(mirroring:)),
            page: try PageRequest(limit: input.query.limit, cursor: input.query.cursor))
        let page = try await services.axes.list(query)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.Axis.init), nextCursor: page.nextCursor))))
    }

    func getAxis(_ input: Operations.GetAxis.Input) async throws -> Operations.GetAxis.Output {
        let body = Components.Schemas.Axis(try await services.axes.get(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func createAxis(_ input: Operations.CreateAxis.Input) async throws -> Operations.CreateAxis.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let axis = try await services.axes.create(AxisInput(create), by: caller)
        let body = Components.Schemas.Axis(axis)
        return .created(.init(headers: .init(location: "/axes/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func updateAxis(_ input: Operations.UpdateAxis.Input) async throws -> Operations.UpdateAxis.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let axis = try await services.axes.update(
            id: input.path.id, try AxisPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Axis($0) })
        let body = Components.Schemas.Axis(axis)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteAxis(_ input: Operations.DeleteAxis.Input) async throws -> Operations.DeleteAxis.Output {
        try await services.axes.delete(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Axis($0) })
        return .noContent(.init())
    }
}

extension API {
    func getAxisHistory(_ input: Operations.GetAxisHistory.Input) async throws -> Operations.GetAxisHistory.Output {
        .ok(try await history(of: Axis.self, input.path.id, input.query.limit, input.query.cursor))
    }
}
