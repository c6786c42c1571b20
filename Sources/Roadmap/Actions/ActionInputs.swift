import Foundation
import GRDB

/// A new action. Dates are ISO 8601 days (`2025-09-01`), checked by the service.
public struct ActionInput: Sendable, Equatable {
    public var axisId: Int64
    public var groupId: Int64?
    public var leadPartnerId: Int64?
    public var contributorIds: [Int64]
    public var title: String
    public var description: String?
    public var status: ActionStatus
    public var startOn: String?
    public var endOn: String?
    public var budgetCents: Int64?
    public var targetAudience: String?
    public var notes: String?

    public init(
        axisId: Int64, groupId: Int64? = nil, leadPartnerId: Int64? = nil, contributorIds: [Int64] = [], title: String,
        description: String? = nil,
        status: ActionStatus = .draft, startOn: String? = nil, endOn: String? = nil, budgetCents: Int64? = nil,
        targetAudience: String? = nil, notes: String? = nil
    ) {
        self.axisId = axisId
        self.groupId = groupId
        self.leadPartnerId = leadPartnerId
        self.contributorIds = contributorIds
        self.title = title
        self.description = description
        self.status = status
        self.startOn = startOn
        self.endOn = endOn
        self.budgetCents = budgetCents
        self.targetAudience = targetAudience
        self.notes = notes
    }
}

extension ActionInput {
    /// The new action, before it is validated and stamped; a date that does not parse is a
    /// fault in `v`.
    func record(_ v: inout Validator) -> Action {
        Action(
            axisId: axisId, groupId: groupId, leadPartnerId: leadPartnerId, title: title, description: description,
            status: status,
            startOn: v.date(startOn, "startOn"), endOn: v.date(endOn, "endOn"), budgetCents: budgetCents,
            targetAudience: targetAudience, notes: notes)
    }
}

/// A change to an action (merge patch; `contributorIds` replaces the set; `status` moves the
/// action along the workflow).
public struct ActionPatch: Sendable, Equatable {
    public var axisId: Patch<Int64> = .keep
    public var groupId: Patch<Int64?> = .keep
    public var leadPartnerId: Patch<Int64?> = .keep
    public var contributorIds: Patch<[Int64]> = .keep
    public var title: Patch<String> = .keep
    public var description: Patch<String?> = .keep
    public var status: Patch<ActionStatus> = .keep
    public var startOn: Patch<String?> = .keep
    public var endOn: Patch<String?> = .keep
    public var budgetCents: Patch<Int64?> = .keep
    public var targetAudience: Patch<String?> = .keep
    public var notes: Patch<String?> = .keep

    public init() {}
}

extension ActionPatch {
    /// Writes the patched fields into `action` (the status as it is asked: the service checks
    /// the workflow); a date that does not parse is a fault in `v`.
    func apply(to action: inout Action, _ v: inout Validator) {
        axisId.apply(to: &action.axisId)
        groupId.apply(to: &action.groupId)
        leadPartnerId.apply(to: &action.leadPartnerId)
        title.apply(to: &action.title)
        description.apply(to: &action.description)
        status.apply(to: &action.status)
        if let text = startOn.newValue { action.startOn = v.date(text, "startOn") }
        if let text = endOn.newValue { action.endOn = v.date(text, "endOn") }
        budgetCents.apply(to: &action.budgetCents)
        targetAudience.apply(to: &action.targetAudience)
        notes.apply(to: &action.notes)
    }
}

/// Which actions to list.
public struct ActionQuery: Sendable, Equatable {
    /// Only these actions (``ListIds``); empty for all.
    public var ids: [Int64] = []
    public var axisId: Int64?
    public var statuses: [ActionStatus] = []
    public var groupId: Int64?
    public var leadPartnerId: Int64?
    /// Lead or contributor.
    public var partnerId: Int64?
    public var late: Bool?
    public var startFrom: String?
    public var startTo: String?
    public var endFrom: String?
    public var endTo: String?
    /// Full-text search in title, description and notes, ignoring case and accents.
    public var text: String?
    /// By `id` unless told (by `relevance` when searching).
    public var sort: Sort<ActionSortField>?
    /// Also read the names behind the ids (``ActionDetail/names``).
    public var includeNames = false
    public var page: PageRequest

    public init(page: PageRequest) {
        self.page = page
    }
}

/// An indicator of an action.
public struct IndicatorInput: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var targetValue: Int64
    public var currentValue: Int64
    public var baselineValue: Int64?
    public var measuredOn: String?

    public init(
        name: String, unit: String, targetValue: Int64, currentValue: Int64 = 0, baselineValue: Int64? = nil,
        measuredOn: String? = nil
    ) {
        self.name = name
        self.unit = unit
        self.targetValue = targetValue
        self.currentValue = currentValue
        self.baselineValue = baselineValue
        self.measuredOn = measuredOn
    }
}

extension IndicatorInput {
    /// The new indicator of action `actionId`, before it is validated and stamped.
    func record(actionId: Int64, _ v: inout Validator) -> ActionIndicator {
        ActionIndicator(
            actionId: actionId, name: name, unit: unit, targetValue: targetValue, currentValue: currentValue,
            baselineValue: baselineValue, measuredOn: v.date(measuredOn, "measuredOn"))
    }
}

/// A change to an indicator (merge patch), e.g. a new measurement.
public struct IndicatorPatch: Sendable, Equatable {
    public var name: Patch<String> = .keep
    public var unit: Patch<String> = .keep
    public var targetValue: Patch<Int64> = .keep
    public var currentValue: Patch<Int64> = .keep
    public var baselineValue: Patch<Int64?> = .keep
    public var measuredOn: Patch<String?> = .keep

    public init() {}
}

extension IndicatorPatch {
    func apply(to indicator: inout ActionIndicator, _ v: inout Validator) {
        name.apply(to: &indicator.name)
        unit.apply(to: &indicator.unit)
        targetValue.apply(to: &indicator.targetValue)
        currentValue.apply(to: &indicator.currentValue)
        baselineValue.apply(to: &indicator.baselineValue)
        if let text = measuredOn.newValue { indicator.measuredOn = v.date(text, "measuredOn") }
    }

    /// Whether the patch reports a measurement: a value, or the day of one.
    var recordsMeasurement: Bool {
        currentValue.newValue != nil || measuredOn.newValue.map { $0 != nil } == true
    }
}

/// An action with its contributors, indicators and computed `late` flag.
public struct ActionDetail: Sendable, Equatable {
    public var action: Action
    public var contributorIds: [Int64]
    public var indicators: [ActionIndicator]
    /// The end date has passed and the action is neither done nor abandoned.
    public var isLate: Bool
    /// The committees' decisions that concern it, by meeting start (derived: a decision is
    /// logged with the ids it concerns, not the action with its decisions).
    public var decisions: [DecisionMention] = []
    /// The names behind its ids, when they were asked for (``ActionQuery/includeNames``).
    public var names: ActionNames? = nil

    /// How the change log shows an action: its fields and contributors (indicators have their
    /// own entries).
    struct LogEntry: Encodable {
        let detail: ActionDetail

        func encode(to encoder: any Encoder) throws {
            try detail.action.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(detail.contributorIds, forKey: .contributorIds)
        }

        private enum Key: String, CodingKey { case contributorIds }
    }
}

/// The names behind an action's ids, so that a list shows them without one request per id:
/// derived from the records they name, never stored with the action nor logged with it.
public struct ActionNames: Sendable, Equatable {
    /// A record named by its id.
    public struct Named: Sendable, Equatable {
        public var id: Int64
        public var name: String
    }

    /// The axis: its number and title.
    public var axis: Named
    public var axisNumber: Int
    public var group: Named?
    public var leadPartner: Named?
    /// In the order of ``ActionDetail/contributorIds``.
    public var contributors: [Named]
}

/// How a set of actions is doing: counts by status, late ones, average progress.
public struct ActionSummary: Sendable, Equatable {
    public var total: Int
    public var byStatus: [ActionStatus: Int]
    public var late: Int
    /// Mean progress of the actions that are not abandoned (rounded down); nil when there is
    /// none.
    public var averageProgressBasisPoints: Int?

    public static let empty = ActionSummary(total: 0, byStatus: [:], late: 0, averageProgressBasisPoints: nil)
}

/// What actions sort by: titles ignoring case and accents, statuses in workflow order,
/// `relevance` (the full-text rank, best first) only when searching.
public enum ActionSortField: String, SortField {
    case id, title, startOn, endOn, status, progress, createdAt, updatedAt, relevance

    public func orderingExpression(_ alias: TableAlias<Action>) -> SQLExpression {
        switch self {
        case .id: alias[Action.Columns.id]
        case .title: alias[Action.Columns.titleKey]
        case .startOn: alias[Action.Columns.startOn]
        case .endOn: alias[Action.Columns.endOn]
        case .status: ActionStatus.workflowRank(of: alias[Action.Columns.status])
        case .progress: alias[Action.Columns.progressBasisPoints]
        case .createdAt: alias[Action.Columns.createdAt]
        case .updatedAt: alias[Action.Columns.updatedAt]
        // bm25 ranks are negative, best first: ascending order.
        case .relevance: SQL("actionSearch.rank").sqlExpression
        }
    }

    /// Relevance is best first only.
    public var offersDescending: Bool { self != .relevance }

    /// The value of the field; for `relevance`, read from the search row instead (nil here).
    public func value(of action: Action) -> DatabaseValue {
        switch self {
        case .id: action.id.databaseValue
        case .title: action.titleKey.databaseValue
        case .startOn: action.startOn.databaseValue
        case .endOn: action.endOn.databaseValue
        case .status: action.status.workflowRank.databaseValue
        case .progress: action.progressBasisPoints.databaseValue
        case .createdAt: action.createdAt.databaseValue
        case .updatedAt: action.updatedAt.databaseValue
        case .relevance: .null
        }
    }
}

extension ActionStatus {
    /// The position of the status in the workflow (draft first): the order of the cases.
    var workflowRank: Int { ActionStatus.allCases.firstIndex(of: self)! }

    /// `workflowRank` computed by SQLite from the stored status.
    static func workflowRank(of status: SQLExpression) -> SQLExpression {
        let cases = allCases.map { SQL("WHEN \($0.rawValue) THEN \($0.workflowRank)") }.joined(separator: " ")
        return SQL("CASE \(status) \(cases) END").sqlExpression
    }
}
