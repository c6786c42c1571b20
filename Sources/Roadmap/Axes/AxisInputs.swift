import GRDB

/// A new axis.
public struct AxisInput: Sendable, Equatable {
    public var number: Int
    public var title: String
    public var description: String?
    public var isOptional: Bool

    public init(number: Int, title: String, description: String? = nil, isOptional: Bool = false) {
        self.number = number
        self.title = title
        self.description = description
        self.isOptional = isOptional
    }
}

extension AxisInput {
    /// The new axis, before it is validated and stamped.
    var record: Axis { Axis(number: number, title: title, description: description, isOptional: isOptional) }
}

/// A change to an axis (merge patch).
public struct AxisPatch: Sendable, Equatable {
    public var number: Patch<Int> = .keep
    public var title: Patch<String> = .keep
    public var description: Patch<String?> = .keep
    public var isOptional: Patch<Bool> = .keep

    public init(
        number: Patch<Int> = .keep, title: Patch<String> = .keep, description: Patch<String?> = .keep,
        isOptional: Patch<Bool> = .keep
    ) {
        self.number = number
        self.title = title
        self.description = description
        self.isOptional = isOptional
    }
}

extension AxisPatch {
    func apply(to axis: inout Axis) {
        number.apply(to: &axis.number)
        title.apply(to: &axis.title)
        description.apply(to: &axis.description)
        isOptional.apply(to: &axis.isOptional)
    }
}

/// Which axes to list.
public struct AxisQuery: Sendable, Equatable {
    /// Only these axes (``ListIds``); empty for all.
    public var ids: [Int64]
    /// Only optional axes (true), only the others (false), or all (nil).
    public var isOptional: Bool?
    /// By `number` unless told.
    public var sort: Sort<AxisSortField>?
    public var page: PageRequest

    public init(ids: [Int64] = [], isOptional: Bool? = nil, sort: Sort<AxisSortField>? = nil, page: PageRequest) {
        self.ids = ids
        self.isOptional = isOptional
        self.sort = sort
        self.page = page
    }
}

/// An axis and how its actions are doing. The axis's fields read through (`detail.number`).
@dynamicMemberLookup
public struct AxisDetail: Sendable, Equatable {
    public var axis: Axis
    public var summary: ActionSummary

    public subscript<T>(dynamicMember keyPath: KeyPath<Axis, T>) -> T { axis[keyPath: keyPath] }
}

/// What axes sort by.
public enum AxisSortField: String, SortField {
    case number, title, updatedAt

    public func orderingExpression(_ alias: TableAlias<Axis>) -> SQLExpression {
        switch self {
        case .number: alias[Axis.Columns.number]
        case .title: alias[Axis.Columns.title]
        case .updatedAt: alias[Axis.Columns.updatedAt]
        }
    }

    public func value(of axis: Axis) -> DatabaseValue {
        switch self {
        case .number: axis.number.databaseValue
        case .title: axis.title.databaseValue
        case .updatedAt: axis.updatedAt.databaseValue
        }
    }
}
