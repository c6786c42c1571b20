import GRDB

/// A field a list can be sorted by. Its raw value is the public name (`title` in
/// `sort=-title`); it says which expression orders the rows and how to read a fetched record's
/// value for the next page's cursor, so the two cannot disagree.
public protocol SortField: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    associatedtype Record: TableRecord
    /// What rows are ordered by (then by id).
    func orderingExpression(_ alias: TableAlias<Record>) -> SQLExpression
    /// The value of `record` for that expression.
    func value(of record: Record) -> DatabaseValue
    /// Whether the list offers this field in descending order too (`-title`); true unless
    /// the field says otherwise.
    var offersDescending: Bool { get }
}

extension SortField {
    public var offersDescending: Bool { true }
}

/// A sort order of a list: a field, ascending or descending (`-` before the name). Its raw
/// values are the contract's `sort` enum, mirrored case for case (see `EnumMirroringTests`).
public struct Sort<Field: SortField>: RawRepresentable, CaseIterable, Hashable, Sendable {
    public var field: Field
    public var descending: Bool

    public init(_ field: Field, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    public init?(rawValue: String) {
        let descending = rawValue.hasPrefix("-")
        guard let field = Field(rawValue: descending ? String(rawValue.dropFirst()) : rawValue),
            field.offersDescending || !descending
        else { return nil }
        self.init(field, descending: descending)
    }

    public var rawValue: String { (descending ? "-" : "") + field.rawValue }

    public static var allCases: [Sort] {
        Field.allCases.flatMap { $0.offersDescending ? [Sort($0), Sort($0, descending: true)] : [Sort($0)] }
    }

    /// The order Keyset pages by.
    func order(_ alias: TableAlias<Field.Record>) -> SortOrder {
        SortOrder(name: rawValue, expression: field.orderingExpression(alias), descending: descending)
    }
}
