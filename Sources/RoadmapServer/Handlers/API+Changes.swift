import Foundation
import Roadmap
import RoadmapAPI

extension API {
    func listChanges(_ input: Operations.ListChanges.Input) async throws -> Operations.ListChanges.Output {
        let after = input.query.after ?? 0
        let records = try await services.changes.feed(
            after: after, limit: input.query.limit ?? PageRequest.defaultLimit)
        let items = try records.map(Components.Schemas.Change.init)
        return .ok(.init(body: .json(.init(items: items, cursor: records.last?.id ?? after))))
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let query = input.query
        let page = try await services.changes.audit(
            AuditQuery(
                entityType: query.entity?.rawValue, entityId: query.entityId, actor: query.actor, from: query.from,
                to: query.to,
                page: try PageRequest(limit: query.limit, cursor: query.cursor)))
        return .ok(.init(body: .json(try .init(page))))
    }

    /// One resource's history as the shared `History` response.
    func history(
        of entity: any LoggedResource.Type, alsoLogged: [any LoggedResource.Type] = [], _ id: Int64, _ limit: Int?,
        _ cursor: String?
    ) async throws -> Components.Responses.History {
        let page = try await services.changes.history(
            of: entity, alsoLogged: alsoLogged, id: id, page: try PageRequest(limit: limit, cursor: cursor))
        return .init(body: .json(try .init(page)))
    }
}
