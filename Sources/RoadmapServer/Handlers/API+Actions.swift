import Foundation
import Roadmap
import RoadmapAPI

extension API {
    func listActions(_ input: Operations.ListActions.Input) async throws -> Operations.ListActions.Output {
        let q = input.query
        var query = ActionQuery(page: try PageRequest(limit: q.limit, cursor: q.cursor))
        query.ids = q.id ?? []
        query.includeNames = q.include?.contains(.names) ?? false
        query.axisId = q.axisId
        query.statuses = (q.status ?? []).map(\.domain)
        query.groupId = q.groupId
        query.leadPartnerId = q.leadPartnerId
        query.partnerId = q.partnerId
        query.late = q.late
        query.startFrom = q.startFrom
        query.startTo = q.startTo
        query.endFrom = q.endFrom
        query.endTo = q.endTo
        query.text = q.q
        query.sort = q.sort.map(Sort.init(mirroring:))
        let page = try await services.actions.list(query)
        return .ok(
            .init(
                body: .json(.init(items: page.items.map(Components.Schemas.Action.init), nextCursor: page.nextCursor))))
    }

    func getAction(_ input: Operations.GetAction.Input) async throws -> Operations.GetAction.Output {
        let body = Components.Schemas.Action(try await services.actions.get(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func createAction(_ input: Operations.CreateAction.Input) async throws -> Operations.CreateAction.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Action(try await services.actions.create(ActionInput(create), by: caller))
        return .created(.init(headers: .init(location: "/actions/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func updateAction(_ input: Operations.UpdateAction.Input) async throws -> Operations.UpdateAction.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let detail = try await services.actions.update(
            id: input.path.id, try ActionPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Action($0) })
        let body = Components.Schemas.Action(detail)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteAction(_ input: Operations.DeleteAction.Input) async throws -> Operations.DeleteAction.Output {
        try await services.actions.delete(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Action($0) })
        return .noContent(.init())
    }

    func getActionHistory(_ input: Operations.GetActionHistory.Input) async throws -> Operations.GetActionHistory.Output
    {
        .ok(try await history(of: Action.self, input.path.id, input.query.limit, input.query.cursor))
    }

    func listActionIndicators(
        _ input: Operations.ListActionIndicators.Input
    ) async throws -> Operations.ListActionIndicators.Output {
        let indicators =
            if let day = input.query.on {
                try await services.actions.indicators(actionId: input.path.id, on: day)
            } else {
                try await services.actions.indicators(actionId: input.path.id)
            }
        return .ok(.init(body: .json(.init(items: indicators.map(Components.Schemas.Indicator.init)))))
    }

    func createActionIndicator(
        _ input: Operations.CreateActionIndicator.Input
    ) async throws -> Operations.CreateActionIndicator.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Indicator(
            try await services.actions.addIndicator(actionId: input.path.id, IndicatorInput(create), by: caller))
        return .created(
            .init(
                headers: .init(eTag: ETag.of(body), location: "/actions/\(input.path.id)/indicators/\(body.id)"),
                body: .json(body)))
    }

    func getActionIndicator(
        _ input: Operations.GetActionIndicator.Input
    ) async throws -> Operations.GetActionIndicator.Output {
        let body = Components.Schemas.Indicator(
            try await services.actions.indicator(actionId: input.path.id, id: input.path.indicatorId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateActionIndicator(
        _ input: Operations.UpdateActionIndicator.Input
    ) async throws -> Operations.UpdateActionIndicator.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let indicator = try await services.actions.updateIndicator(
            actionId: input.path.id, id: input.path.indicatorId, try IndicatorPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Indicator($0) })
        let body = Components.Schemas.Indicator(indicator)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteActionIndicator(
        _ input: Operations.DeleteActionIndicator.Input
    ) async throws -> Operations.DeleteActionIndicator.Output {
        try await services.actions.deleteIndicator(
            actionId: input.path.id, id: input.path.indicatorId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Indicator($0) })
        return .noContent(.init())
    }

    // MARK: Measurements

    func listIndicatorMeasurements(
        _ input: Operations.ListIndicatorMeasurements.Input
    ) async throws -> Operations.ListIndicatorMeasurements.Output {
        let measurements = try await services.actions.measurements(
            actionId: input.path.id, indicatorId: input.path.indicatorId)
        return .ok(.init(body: .json(.init(items: measurements.map(Components.Schemas.Measurement.init)))))
    }

    func createIndicatorMeasurement(
        _ input: Operations.CreateIndicatorMeasurement.Input
    ) async throws -> Operations.CreateIndicatorMeasurement.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Measurement(
            try await services.actions.addMeasurement(
                actionId: input.path.id, indicatorId: input.path.indicatorId, MeasurementInput(create), by: caller))
        return .created(
            .init(
                headers: .init(
                    location: "/actions/\(body.actionId)/indicators/\(body.indicatorId)/measurements/\(body.id)",
                    eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getIndicatorMeasurement(
        _ input: Operations.GetIndicatorMeasurement.Input
    ) async throws -> Operations.GetIndicatorMeasurement.Output {
        let body = Components.Schemas.Measurement(
            try await services.actions.measurement(
                actionId: input.path.id, indicatorId: input.path.indicatorId, id: input.path.measurementId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func deleteIndicatorMeasurement(
        _ input: Operations.DeleteIndicatorMeasurement.Input
    ) async throws -> Operations.DeleteIndicatorMeasurement.Output {
        try await services.actions.deleteMeasurement(
            actionId: input.path.id, indicatorId: input.path.indicatorId, id: input.path.measurementId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Measurement($0) })
        return .noContent(.init())
    }
}
