import Foundation
import GRDB

/// The `id` filter of the lists (`?id=3&id=7`): only the items with these ids, at most
/// ``maximum`` of them, each 1 or more. An empty list of ids filters nothing; an id that names
/// nothing is simply absent from the page. It combines with the other filters and pages as
/// usual.
public enum ListIds {
    /// The most ids one request may name (the contract's `maxItems`).
    public static let maximum = 100
}

extension Validator {
    /// The ids a list is narrowed to, named `id` as in the query string.
    mutating func listIds(_ ids: [Int64]) {
        require(ids.count <= ListIds.maximum, "id", "takes at most \(ListIds.maximum) values, got \(ids.count)")
        if let id = ids.first(where: { $0 < 1 }) { fail("id", "must be 1 or more, got \(id)") }
    }
}

extension QueryInterfaceRequest where RowDecoder: TableRecord {
    /// Only the rows whose primary key is one of `ids`; every row when `ids` is empty.
    func filter(listIds ids: [Int64]) -> Self {
        ids.isEmpty ? self : filter(keys: ids)
    }
}
