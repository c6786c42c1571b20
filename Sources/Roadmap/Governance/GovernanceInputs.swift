import Foundation
import GRDB

/// A new committee.
public struct CommitteeInput: Sendable, Equatable {
    public var type: CommitteeType
    public var name: String
    public var frequency: CommitteeFrequency
    public var description: String?
    public var memberIds: [Int64]

    public init(
        type: CommitteeType, name: String, frequency: CommitteeFrequency, description: String? = nil,
        memberIds: [Int64] = []
    ) {
        self.type = type
        self.name = name
        self.frequency = frequency
        self.description = description
        self.memberIds = memberIds
    }

    /// The new committee, before it is validated and stamped.
    var record: Committee { Committee(type: type, name: name, frequency: frequency, description: description) }
}

/// A change to a committee (merge patch; `memberIds` replaces the set).
public struct CommitteePatch: Sendable, Equatable {
    public var type: Patch<CommitteeType> = .keep
    public var name: Patch<String> = .keep
    public var frequency: Patch<CommitteeFrequency> = .keep
    public var description: Patch<String?> = .keep
    public var memberIds: Patch<[Int64]> = .keep

    public init() {}

    func apply(to committee: inout Committee) {
        type.apply(to: &committee.type)
        name.apply(to: &committee.name)
        frequency.apply(to: &committee.frequency)
        description.apply(to: &committee.description)
    }
}

/// Which committees to list.
public struct CommitteeQuery: Sendable, Equatable {
    /// Only these committees (``ListIds``); empty for all.
    public var ids: [Int64]
    public var type: CommitteeType?
    /// Only the committees this partner is a member of.
    public var memberId: Int64?
    /// By `name` unless told.
    public var sort: Sort<CommitteeSortField>?
    public var page: PageRequest

    public init(
        ids: [Int64] = [], type: CommitteeType? = nil, memberId: Int64? = nil, sort: Sort<CommitteeSortField>? = nil,
        page: PageRequest
    ) {
        self.ids = ids
        self.type = type
        self.memberId = memberId
        self.sort = sort
        self.page = page
    }
}

/// What committees sort by; names ignoring case and accents.
public enum CommitteeSortField: String, SortField {
    case name, createdAt, updatedAt

    public func orderingExpression(_ alias: TableAlias<Committee>) -> SQLExpression {
        switch self {
        case .name: alias[Committee.Columns.nameKey]
        case .createdAt: alias[Committee.Columns.createdAt]
        case .updatedAt: alias[Committee.Columns.updatedAt]
        }
    }

    public func value(of committee: Committee) -> DatabaseValue {
        switch self {
        case .name: committee.nameKey.databaseValue
        case .createdAt: committee.createdAt.databaseValue
        case .updatedAt: committee.updatedAt.databaseValue
        }
    }
}

/// A new decision of a meeting.
public struct DecisionInput: Sendable, Equatable {
    public var text: String
    public var actionIds: [Int64]
    public var grantIds: [Int64]

    public init(text: String, actionIds: [Int64] = [], grantIds: [Int64] = []) {
        self.text = text
        self.actionIds = actionIds
        self.grantIds = grantIds
    }
}

/// A change to a decision (merge patch; `actionIds`/`grantIds` replace the sets).
public struct DecisionPatch: Sendable, Equatable {
    public var text: Patch<String> = .keep
    public var actionIds: Patch<[Int64]> = .keep
    public var grantIds: Patch<[Int64]> = .keep

    public init() {}
}

/// A new step of a partner's membership of the governance.
public struct MembershipStepInput: Sendable, Equatable {
    public var status: MembershipStatus
    /// A ``Period``: `2025-01-24`, `2023-23`…
    public var since: String
    public var note: String?

    public init(status: MembershipStatus, since: String, note: String? = nil) {
        self.status = status
        self.since = since
        self.note = note
    }
}

/// The governance on a day: every partner with a membership step by then, and where each
/// stands.
public struct GovernanceRoll: Sendable, Equatable {
    public var on: CalendarDate
    /// By partner name (ignoring case and accents); only those of the status asked, if any.
    public var standings: [GovernanceStanding]
    /// How many partners have each status that day, whatever status was asked.
    public var counts: [MembershipStatus: Int]
}
