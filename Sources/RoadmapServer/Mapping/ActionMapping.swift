import Roadmap
import RoadmapAPI

extension Components.Schemas.ActionStatus {
    init(_ status: ActionStatus) { self.init(mirroring: status) }
    var domain: ActionStatus { ActionStatus(mirroring: self) }
}

extension Components.Schemas.Summary {
    init(_ summary: ActionSummary) {
        let count = { (status: ActionStatus) in summary.byStatus[status] ?? 0 }
        self.init(
            total: summary.total,
            byStatus: .init(
                draft: count(.draft), planned: count(.planned), inProgress: count(.inProgress), done: count(.done),
                abandoned: count(.abandoned)),
            late: summary.late, averageProgressBasisPoints: summary.averageProgressBasisPoints)
    }
}

extension Components.Schemas.Indicator {
    init(_ indicator: ActionIndicator) {
        self.init(
            id: indicator.id!, actionId: indicator.actionId, name: indicator.name, unit: indicator.unit,
            targetValue: indicator.targetValue,
            currentValue: indicator.currentValue, baselineValue: indicator.baselineValue,
            measuredOn: indicator.measuredOn?.description,
            achievementBasisPoints: ActionProgress.achievementBasisPoints(indicator), createdAt: indicator.createdAt,
            updatedAt: indicator.updatedAt)
    }
}

extension Components.Schemas.Measurement {
    init(_ measurement: IndicatorMeasurement) {
        self.init(
            id: measurement.id!, actionId: measurement.actionId, indicatorId: measurement.indicatorId,
            value: measurement.value, measuredOn: measurement.measuredOn.description, comment: measurement.comment,
            source: measurement.source, createdAt: measurement.createdAt, updatedAt: measurement.updatedAt)
    }
}

extension MeasurementInput {
    init(_ body: Components.Schemas.MeasurementCreate) {
        self.init(value: body.value, measuredOn: body.measuredOn, comment: body.comment, source: body.source)
    }
}

extension Components.Schemas.Action {
    init(_ detail: ActionDetail) {
        let action = detail.action
        self.init(
            id: action.id!, axisId: action.axisId, groupId: action.groupId, leadPartnerId: action.leadPartnerId,
            contributorIds: detail.contributorIds, names: detail.names.map(Components.Schemas.ActionNames.init),
            title: action.title, description: action.description,
            status: .init(action.status),
            allowedTransitions: ActionWorkflow.next(from: action.status).map(Components.Schemas.ActionStatus.init),
            startOn: action.startOn?.description, endOn: action.endOn?.description, budgetCents: action.budgetCents,
            targetAudience: action.targetAudience, notes: action.notes, progressBasisPoints: action.progressBasisPoints,
            late: detail.isLate, indicators: detail.indicators.map(Components.Schemas.Indicator.init),
            decisions: detail.decisions.isEmpty ? nil : detail.decisions.map(Components.Schemas.DecisionMention.init),
            createdAt: action.createdAt, updatedAt: action.updatedAt)
    }
}

extension Components.Schemas.ActionNames {
    init(_ names: ActionNames) {
        self.init(
            axis: .init(names.axis), axisNumber: names.axisNumber,
            group: names.group.map(Components.Schemas.NamedReference.init),
            leadPartner: names.leadPartner.map(Components.Schemas.NamedReference.init),
            contributors: names.contributors.map(Components.Schemas.NamedReference.init))
    }
}

extension Components.Schemas.NamedReference {
    init(_ named: ActionNames.Named) {
        self.init(id: named.id, name: named.name)
    }
}

extension ActionInput {
    init(_ body: Components.Schemas.ActionCreate) {
        self.init(
            axisId: body.axisId, groupId: body.groupId, leadPartnerId: body.leadPartnerId,
            contributorIds: body.contributorIds ?? [],
            title: body.title, description: body.description, status: body.status?.domain ?? .draft,
            startOn: body.startOn,
            endOn: body.endOn, budgetCents: body.budgetCents, targetAudience: body.targetAudience, notes: body.notes)
    }
}

extension ActionPatch {
    init(_ body: Components.Schemas.ActionPatch) throws {
        var reader = PatchReader(Components.Schemas.ActionPatch.CodingKeys.self)
        self.init()
        axisId = reader.required(body.axisId, .axisId)
        groupId = reader.optional(body.groupId, .groupId)
        leadPartnerId = reader.optional(body.leadPartnerId, .leadPartnerId)
        contributorIds = reader.required(body.contributorIds, .contributorIds)
        title = reader.required(body.title, .title)
        description = reader.optional(body.description, .description)
        status = reader.required(body.status?.domain, .status)
        startOn = reader.optional(body.startOn, .startOn)
        endOn = reader.optional(body.endOn, .endOn)
        budgetCents = reader.optional(body.budgetCents, .budgetCents)
        targetAudience = reader.optional(body.targetAudience, .targetAudience)
        notes = reader.optional(body.notes, .notes)
        try reader.finish()
    }
}

extension IndicatorInput {
    init(_ body: Components.Schemas.IndicatorCreate) {
        self.init(
            name: body.name, unit: body.unit, targetValue: body.targetValue, currentValue: body.currentValue ?? 0,
            baselineValue: body.baselineValue, measuredOn: body.measuredOn)
    }
}

extension IndicatorPatch {
    init(_ body: Components.Schemas.IndicatorPatch) throws {
        var reader = PatchReader(Components.Schemas.IndicatorPatch.CodingKeys.self)
        self.init()
        name = reader.required(body.name, .name)
        unit = reader.required(body.unit, .unit)
        targetValue = reader.required(body.targetValue, .targetValue)
        currentValue = reader.required(body.currentValue, .currentValue)
        baselineValue = reader.optional(body.baselineValue, .baselineValue)
        measuredOn = reader.optional(body.measuredOn, .measuredOn)
        try reader.finish()
    }
}
