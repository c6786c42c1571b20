import Foundation
import GRDB

/// A new working group.
public struct GroupInput: Sendable, Equatable {
    public var axisId: Int64
    public var name: String
    public var description: String?

    public init(axisId: Int64, name: String, description: String? = nil) {
        self.axisId = axisId
        self.name = name
        self.description = description
    }
}

extension GroupInput {
    /// The new group, before it is validated and stamped.
    var record: WorkingGroup { WorkingGroup(axisId: axisId, name: name, description: description) }
}

/// A change to a working group (merge patch). `archived: false` brings an archived group back.
public struct GroupPatch: Sendable, Equatable {
    public var axisId: Patch<Int64> = .keep
    public var name: Patch<String> = .keep
    public var description: Patch<String?> = .keep
    public var archived: Patch<Bool> = .keep

    public init() {}
}

extension GroupPatch {
    /// Writes the patched fields into `group`; archiving keeps the first archiving instant.
    func apply(to group: inout WorkingGroup, at now: Date) {
        axisId.apply(to: &group.axisId)
        name.apply(to: &group.name)
        description.apply(to: &group.description)
        if let archived = archived.newValue { group.archivedAt = archived ? (group.archivedAt ?? now) : nil }
    }
}

/// Which groups to list.
public struct GroupQuery: Sendable, Equatable {
    /// Only these groups (``ListIds``); empty for all.
    public var ids: [Int64]
    public var axisId: Int64?
    /// false (default): active groups only; true: archived only; nil: all.
    public var archived: Bool?
    /// By `name` unless told.
    public var sort: Sort<GroupSortField>?
    public var page: PageRequest

    public init(
        ids: [Int64] = [], axisId: Int64? = nil, archived: Bool? = false, sort: Sort<GroupSortField>? = nil,
        page: PageRequest
    ) {
        self.ids = ids
        self.axisId = axisId
        self.archived = archived
        self.sort = sort
        self.page = page
    }
}

/// A group with its counts and its lead.
public struct GroupDetail: Sendable, Equatable, Encodable {
    public var group: WorkingGroup
    public var memberCount: Int
    public var meetingCount: Int
    public var leadPartnerId: Int64?
}

/// A member of a group, with the partner's name.
public struct GroupMemberDetail: Sendable, Equatable, Encodable {
    public var member: GroupMember
    public var partnerName: String
}

/// A new meeting: instants as ISO 8601 with an offset (`2025-03-10T14:00:00+01:00`).
public struct MeetingInput: Sendable, Equatable {
    public var startsAt: String
    public var endsAt: String
    public var place: String?
    public var agenda: String?
    public var minutes: String?

    public init(startsAt: String, endsAt: String, place: String? = nil, agenda: String? = nil, minutes: String? = nil) {
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.agenda = agenda
        self.minutes = minutes
    }
}

/// A change to a meeting (merge patch).
public struct MeetingPatch: Sendable, Equatable {
    public var startsAt: Patch<String> = .keep
    public var endsAt: Patch<String> = .keep
    public var place: Patch<String?> = .keep
    public var agenda: Patch<String?> = .keep
    public var minutes: Patch<String?> = .keep

    public init() {}
}

/// Which meetings to list.
public struct MeetingQuery: Sendable, Equatable {
    /// Only meetings starting at or after this instant.
    public var from: Date?
    /// Only meetings starting before this instant.
    public var to: Date?
    public var page: PageRequest

    public init(from: Date? = nil, to: Date? = nil, page: PageRequest) {
        self.from = from
        self.to = to
        self.page = page
    }
}

/// What groups sort by; names ignoring case and accents.
public enum GroupSortField: String, SortField {
    case name, createdAt, updatedAt

    public func orderingExpression(_ alias: TableAlias<WorkingGroup>) -> SQLExpression {
        switch self {
        case .name: alias[WorkingGroup.Columns.nameKey]
        case .createdAt: alias[WorkingGroup.Columns.createdAt]
        case .updatedAt: alias[WorkingGroup.Columns.updatedAt]
        }
    }

    public func value(of group: WorkingGroup) -> DatabaseValue {
        switch self {
        case .name: group.nameKey.databaseValue
        case .createdAt: group.createdAt.databaseValue
        case .updatedAt: group.updatedAt.databaseValue
        }
    }
}
