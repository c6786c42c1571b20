import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    // MARK: Envelopes

    func listEnvelopes(_ input: Operations.ListEnvelopes.Input) async throws -> Operations.ListEnvelopes.Output {
        let q = input.query
        let page = try await services.funding.envelopes(
            EnvelopeQuery(
                ids: q.id ?? [], funderId: q.funderId, axisId: q.axisId, year: q.year,
                page: try PageRequest(limit: q.limit, cursor: q.cursor)))
        return .ok(
            .init(
                body: .json(.init(items: page.items.map(Components.Schemas.Envelope.init), nextCursor: page.nextCursor))
            ))
    }

    func getEnvelope(_ input: Operations.GetEnvelope.Input) async throws -> Operations.GetEnvelope.Output {
        let body = Components.Schemas.Envelope(try await services.funding.envelope(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func createEnvelope(_ input: Operations.CreateEnvelope.Input) async throws -> Operations.CreateEnvelope.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Envelope(
            try await services.funding.createEnvelope(EnvelopeInput(create), by: caller))
        return .created(
            .init(headers: .init(location: "/funding/envelopes/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func updateEnvelope(_ input: Operations.UpdateEnvelope.Input) async throws -> Operations.UpdateEnvelope.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let detail = try await services.funding.updateEnvelope(
            id: input.path.id, try EnvelopePatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Envelope($0) })
        let body = Components.Schemas.Envelope(detail)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteEnvelope(_ input: Operations.DeleteEnvelope.Input) async throws -> Operations.DeleteEnvelope.Output {
        try await services.funding.deleteEnvelope(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Envelope($0) })
        return .noContent(.init())
    }

    func getEnvelopeHistory(
        _ input: Operations.GetEnvelopeHistory.Input
    ) async throws -> Operations.GetEnvelopeHistory.Output {
        .ok(try await history(of: FundingEnvelope.self, input.path.id, input.query.limit, input.query.cursor))
    }

    // MARK: Allocations

    func listAllocations(_ input: Operations.ListAllocations.Input) async throws -> Operations.ListAllocations.Output {
        let allocations = try await services.funding.allocations(envelopeId: input.path.id)
        return .ok(.init(body: .json(.init(items: allocations.map(Components.Schemas.Allocation.init)))))
    }

    func createAllocation(_ input: Operations.CreateAllocation.Input) async throws -> Operations.CreateAllocation.Output
    {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Allocation(
            try await services.funding.allocate(envelopeId: input.path.id, AllocationInput(create), by: caller))
        return .created(
            .init(
                headers: .init(
                    eTag: ETag.of(body), location: "/funding/envelopes/\(input.path.id)/allocations/\(body.id)"),
                body: .json(body)))
    }

    func getAllocation(_ input: Operations.GetAllocation.Input) async throws -> Operations.GetAllocation.Output {
        let body = Components.Schemas.Allocation(
            try await services.funding.allocation(envelopeId: input.path.id, id: input.path.allocationId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateAllocation(_ input: Operations.UpdateAllocation.Input) async throws -> Operations.UpdateAllocation.Output
    {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let allocation = try await services.funding.updateAllocation(
            envelopeId: input.path.id, id: input.path.allocationId, try AllocationPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Allocation($0) })
        let body = Components.Schemas.Allocation(allocation)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteAllocation(_ input: Operations.DeleteAllocation.Input) async throws -> Operations.DeleteAllocation.Output
    {
        try await services.funding.deleteAllocation(
            envelopeId: input.path.id, id: input.path.allocationId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Allocation($0) })
        return .noContent(.init())
    }

    // MARK: Co-financing

    func listFinancingLines(
        _ input: Operations.ListFinancingLines.Input
    ) async throws -> Operations.ListFinancingLines.Output {
        let lines = try await services.funding.lines(actionId: input.query.actionId, funderId: input.query.funderId)
        return .ok(.init(body: .json(.init(items: lines.map(Components.Schemas.FinancingLine.init)))))
    }

    func getFinancingLine(_ input: Operations.GetFinancingLine.Input) async throws -> Operations.GetFinancingLine.Output
    {
        let body = Components.Schemas.FinancingLine(try await services.funding.line(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func createFinancingLine(
        _ input: Operations.CreateFinancingLine.Input
    ) async throws -> Operations.CreateFinancingLine.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let detail = try await services.funding.createLine(
            FinancingLineInput(
                funderId: create.funderId, actionId: create.actionId, purpose: create.purpose,
                amountCents: create.amountCents,
                shareBasisPoints: create.shareBasisPoints, notes: create.notes), by: caller)
        let body = Components.Schemas.FinancingLine(detail)
        return .created(
            .init(headers: .init(location: "/funding/lines/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func updateFinancingLine(
        _ input: Operations.UpdateFinancingLine.Input
    ) async throws -> Operations.UpdateFinancingLine.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let detail = try await services.funding.updateLine(
            id: input.path.id, try FinancingLinePatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.FinancingLine($0) })
        let body = Components.Schemas.FinancingLine(detail)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteFinancingLine(
        _ input: Operations.DeleteFinancingLine.Input
    ) async throws -> Operations.DeleteFinancingLine.Output {
        try await services.funding.deleteLine(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.FinancingLine($0) })
        return .noContent(.init())
    }

    // MARK: Plans, summary, export

    func getFinancingPlan(_ input: Operations.GetFinancingPlan.Input) async throws -> Operations.GetFinancingPlan.Output
    {
        .ok(.init(body: .json(.init(try await services.funding.plan(actionId: input.path.actionId)))))
    }

    func getFundingSummary(
        _ input: Operations.GetFundingSummary.Input
    ) async throws -> Operations.GetFundingSummary.Output {
        .ok(.init(body: .json(.init(try await services.funding.summary()))))
    }

    func exportFundingCSV(_ input: Operations.ExportFundingCSV.Input) async throws -> Operations.ExportFundingCSV.Output
    {
        .ok(.init(body: .csv(HTTPBody(try await services.funding.exportCSV()))))
    }
}
