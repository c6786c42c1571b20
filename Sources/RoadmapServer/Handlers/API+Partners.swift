import Foundation
import Roadmap
import RoadmapAPI

extension API {
    func listPartners(_ input: Operations.ListPartners.Input) async throws -> Operations.ListPartners.Output {
        let query = PartnerQuery(
            ids: input.query.id ?? [], kind: input.query.kind?.domain, role: input.query.role?.domain,
            text: input.query.q,
            sort: input.query.sort.map(Sort.init(mirroring:)),
            page: try PageRequest(limit: input.query.limit, cursor: input.query.cursor))
        let page = try await services.partners.list(query)
        return .ok(
            .init(
                body: .json(.init(items: page.items.map(Components.Schemas.Partner.init), nextCursor: page.nextCursor)))
        )
    }

    func getPartner(_ input: Operations.GetPartner.Input) async throws -> Operations.GetPartner.Output {
        let body = Components.Schemas.Partner(try await services.partners.get(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func createPartner(_ input: Operations.CreatePartner.Input) async throws -> Operations.CreatePartner.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Partner(try await services.partners.create(PartnerInput(create), by: caller))
        return .created(.init(headers: .init(location: "/partners/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func updatePartner(_ input: Operations.UpdatePartner.Input) async throws -> Operations.UpdatePartner.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let detail = try await services.partners.update(
            id: input.path.id, try PartnerPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Partner($0) })
        let body = Components.Schemas.Partner(detail)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deletePartner(_ input: Operations.DeletePartner.Input) async throws -> Operations.DeletePartner.Output {
        try await services.partners.delete(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Partner($0) })
        return .noContent(.init())
    }

    func getPartnerHistory(
        _ input: Operations.GetPartnerHistory.Input
    ) async throws -> Operations.GetPartnerHistory.Output {
        .ok(try await history(of: Partner.self, input.path.id, input.query.limit, input.query.cursor))
    }
}
