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

    public init(number: Patch<Int> = .keep, title: Patch<String> = .keep, description: Patch<String?> = .keep, isOptional: Patch<Bool> = .keep) {
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
    /// Only optional axes (true), only the others (false), or all (nil).
    public var isOptional: Bool?
    /// `number` (default), `title`, `updatedAt`, each optionally prefixed with `-`.
    public var sort: String?
    public var page: PageRequest

    public init(isOptional: Bool? = nil, sort: String? = nil, page: PageRequest) {
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
