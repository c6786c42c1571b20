import Roadmap
import RoadmapAPI

extension Components.Schemas.YearReport {
    init(_ report: YearReport) throws {
        self.init(
            year: report.year, asOf: report.asOf.description, axes: report.axes.map(Components.Schemas.ReportAxis.init),
            funding: .init(report.funding),
            changes: report.changes.compactMap(Components.Schemas.ReportChangeCount.init),
            statusMoves: report.statusMoves.map(Components.Schemas.ReportStatusMove.init),
            difference: try .init(report.difference))
    }
}

extension Components.Schemas.ReportAxis {
    init(_ axis: AxisYear) {
        self.init(
            axisId: axis.axis.id!, number: axis.axis.number, title: axis.axis.title, optional: axis.axis.isOptional,
            summary: .init(axis.summary), actions: axis.actions.map(Components.Schemas.ReportAction.init),
            indicators: axis.indicators.map(Components.Schemas.ReportIndicator.init))
    }
}

extension Components.Schemas.ReportAction {
    init(_ action: ActionYear) {
        self.init(
            id: action.id, title: action.title, status: .init(action.status), late: action.late,
            progressBasisPoints: action.progressBasisPoints, startOn: action.startOn?.description,
            endOn: action.endOn?.description, budgetCents: action.budgetCents)
    }
}

extension Components.Schemas.ReportIndicator {
    init(_ indicator: IndicatorYear) {
        self.init(
            actionId: indicator.actionId, indicatorId: indicator.indicatorId, name: indicator.name,
            unit: indicator.unit, startValue: indicator.startValue, endValue: indicator.endValue,
            targetValue: indicator.targetValue, achievementBasisPoints: indicator.achievementBasisPoints)
    }
}

extension Components.Schemas.ReportFundingFlows {
    init(_ flows: FundingFlows) {
        self.init(
            amountCents: flows.amountCents, requestedCents: flows.requestedCents, grantedCents: flows.grantedCents,
            paidCents: flows.paidCents)
    }
}

extension Components.Schemas.ReportFunding {
    init(_ funding: FundingYear) {
        self.init(
            envelopes: funding.envelopes.map { envelope in
                .init(
                    value1: .init(
                        envelopeId: envelope.envelopeId, label: envelope.label, funderId: envelope.funderId,
                        funderName: envelope.funderName),
                    value2: .init(envelope.flows))
            },
            funders: funding.funders.map { funder in
                .init(value1: .init(funderId: funder.funderId, name: funder.name), value2: .init(funder.flows))
            },
            totals: .init(funding.totals))
    }
}

extension Components.Schemas.ReportChangeCount {
    /// Nil for a resource the contract does not name (none today: every logged kind is named).
    init?(_ count: ChangeCount) {
        guard let resource = Components.Schemas.ResourceName(rawValue: count.resource) else { return nil }
        self.init(resource: resource, created: count.created, updated: count.updated, deleted: count.deleted)
    }
}

extension Components.Schemas.ReportStatusMove {
    init(_ move: StatusMove) {
        self.init(
            actionId: move.actionId, title: move.title, from: .init(move.from), to: .init(move.to),
            on: move.on.description)
    }
}
