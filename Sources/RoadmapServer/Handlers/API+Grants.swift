import Foundation
import Roadmap
import RoadmapAPI

extension API {
    // MARK: Grant requests

    func listGrants(_ input: Operations.ListGrants.Input) async throws -> Operations.ListGrants.Output {
        let q = input.query
        var query = GrantQuery(page: try PageRequest(limit: q.limit, cursor: q.cursor))
        query.ids = q.id ?? []
        query.envelopeId = q.envelopeId
        query.actionId = q.actionId
        query.partnerId = q.partnerId
        query.statuses = (q.status ?? []).map(GrantStatus.init(mirroring:))
        let page = try await services.grants.list(query)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.Grant.init), nextCursor: page.nextCursor)))
        )
    }

    func createGrant(_ input: Operations.CreateGrant.Input) async throws -> Operations.CreateGrant.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Grant(try await services.grants.create(GrantInput(create), by: caller))
        return .created(
            .init(headers: .init(location: "/funding/grants/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func getGrant(_ input: Operations.GetGrant.Input) async throws -> Operations.GetGrant.Output {
        let body = Components.Schemas.Grant(try await services.grants.get(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateGrant(_ input: Operations.UpdateGrant.Input) async throws -> Operations.UpdateGrant.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let grant = try await services.grants.update(
            id: input.path.id, try GrantPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Grant($0) })
        let body = Components.Schemas.Grant(grant)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteGrant(_ input: Operations.DeleteGrant.Input) async throws -> Operations.DeleteGrant.Output {
        try await services.grants.delete(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Grant($0) })
        return .noContent(.init())
    }

    func getGrantHistory(_ input: Operations.GetGrantHistory.Input) async throws -> Operations.GetGrantHistory.Output {
        .ok(try await history(of: GrantRequest.self, input.path.id, input.query.limit, input.query.cursor))
    }

    // MARK: Payments

    func listGrantPayments(
        _ input: Operations.ListGrantPayments.Input
    ) async throws -> Operations.ListGrantPayments.Output {
        let payments = try await services.grants.payments(grantId: input.path.id)
        return .ok(.init(body: .json(.init(items: payments.map(Components.Schemas.Payment.init)))))
    }

    func createGrantPayment(
        _ input: Operations.CreateGrantPayment.Input
    ) async throws -> Operations.CreateGrantPayment.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Payment(
            try await services.grants.pay(grantId: input.path.id, PaymentInput(create), by: caller))
        return .created(
            .init(
                headers: .init(location: "/funding/grants/\(body.grantId)/payments/\(body.id)", eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getGrantPayment(_ input: Operations.GetGrantPayment.Input) async throws -> Operations.GetGrantPayment.Output {
        let body = Components.Schemas.Payment(
            try await services.grants.payment(grantId: input.path.id, id: input.path.paymentId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func deleteGrantPayment(
        _ input: Operations.DeleteGrantPayment.Input
    ) async throws -> Operations.DeleteGrantPayment.Output {
        try await services.grants.deletePayment(
            grantId: input.path.id, id: input.path.paymentId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Payment($0) })
        return .noContent(.init())
    }

    // MARK: Open data

    func getExportReadiness(
        _ input: Operations.GetExportReadiness.Input
    ) async throws -> Operations.GetExportReadiness.Output {
        let items = try await services.funding.exportReadiness()
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: items.map {
                            .init(
                                grantId: $0.grantId, path: "/funding/grants/\($0.grantId)", partnerId: $0.partnerId,
                                missing: $0.missing)
                        }))))
    }
}
