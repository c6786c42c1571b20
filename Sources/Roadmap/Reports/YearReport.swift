import Foundation

/// The yearly report of the roadmap (« bilan annuel »), as staff present it to the State and
/// the committees: per axis, the actions of the year with their status, lateness and progress
/// at the end of it, the indicators at its start and end; the money requested, granted and
/// paid in the year per envelope and funder; what changed in the year.
///
/// What « the actions of the year » and « at the end of it » mean is decided once, in
/// ``YearReportService``.
public struct YearReport: Sendable, Equatable {
    public var year: Int
    /// The day the figures stand at: 31 December, or today for the current year.
    public var asOf: CalendarDate
    public var axes: [AxisYear]
    public var funding: FundingYear
    /// Changes recorded in the year, by resource (API tokens left out).
    public var changes: [ChangeCount]
    /// Every status move of an action in the year, in order.
    public var statusMoves: [StatusMove]
    /// The roadmap at the end of the year compared with its start (snapshots of the change
    /// log): what was added, removed and changed, field by field.
    public var difference: RoadmapDiff
}

/// One axis in the year.
public struct AxisYear: Sendable, Equatable {
    public var axis: Axis
    /// Counts by status at `asOf`, late ones, mean progress of those not abandoned.
    public var summary: ActionSummary
    public var actions: [ActionYear]
    public var indicators: [IndicatorYear]
}

/// An action as it stood at the end of the year.
public struct ActionYear: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var status: ActionStatus
    public var late: Bool
    public var progressBasisPoints: Int
    public var startOn: CalendarDate?
    public var endOn: CalendarDate?
    public var budgetCents: Int64?
}

/// An indicator at the start and at the end of the year.
public struct IndicatorYear: Sendable, Equatable {
    public var actionId: Int64
    public var indicatorId: Int64
    public var name: String
    public var unit: String
    /// Its value on 31 December of the year before (its baseline, or 0, before any measurement).
    public var startValue: Int64
    /// Its value at `asOf`.
    public var endValue: Int64
    public var targetValue: Int64
    /// Achievement at `asOf`, in basis points.
    public var achievementBasisPoints: Int
}

/// Money in the year, in euro cents.
public struct FundingFlows: Sendable, Equatable {
    /// The envelopes' amounts (whole, not only the year's share).
    public var amountCents: Int64 = 0
    /// Requested by grant requests submitted in the year (withdrawn ones left out).
    public var requestedCents: Int64 = 0
    /// Granted by decisions of the year (requests accepted, conventioned or closed since).
    public var grantedCents: Int64 = 0
    /// Paid by payments dated in the year.
    public var paidCents: Int64 = 0

    public init() {}

    static func + (lhs: FundingFlows, rhs: FundingFlows) -> FundingFlows {
        var sum = lhs
        sum.amountCents += rhs.amountCents
        sum.requestedCents += rhs.requestedCents
        sum.grantedCents += rhs.grantedCents
        sum.paidCents += rhs.paidCents
        return sum
    }
}

/// An envelope's money in the year.
public struct EnvelopeYear: Sendable, Equatable {
    public var envelopeId: Int64
    public var label: String
    public var funderId: Int64
    public var funderName: String
    public var flows: FundingFlows
}

/// A funder's money in the year, over its envelopes.
public struct FunderYear: Sendable, Equatable {
    public var funderId: Int64
    public var name: String
    public var flows: FundingFlows
}

/// The funding of the year: per envelope, per funder, and in total (each adds up to the same).
public struct FundingYear: Sendable, Equatable {
    public var envelopes: [EnvelopeYear]
    public var funders: [FunderYear]
    public var totals: FundingFlows
}

/// How many records of one resource were created, changed and deleted in the year.
public struct ChangeCount: Sendable, Equatable {
    /// The resource's name in the paths (`actions`, `grants`).
    public var resource: String
    public var created: Int
    public var updated: Int
    public var deleted: Int
}

/// An action that moved from one status to another in the year.
public struct StatusMove: Sendable, Equatable {
    public var actionId: Int64
    public var title: String
    public var from: ActionStatus
    public var to: ActionStatus
    /// The day of the move (Paris).
    public var on: CalendarDate
}
