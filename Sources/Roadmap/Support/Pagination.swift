import Foundation
import GRDB

/// What page of a list the caller wants: at most `limit` items after `cursor`.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public let limit: Int
    public let cursor: String?

    /// Validates the limit (1–500, default 50); the cursor is checked by the list that reads it.
    public init(limit: Int? = nil, cursor: String? = nil) throws {
        let limit = limit ?? PageRequest.defaultLimit
        guard (1...PageRequest.maximumLimit).contains(limit) else {
            throw RoadmapError.invalid("limit", "must be between 1 and \(PageRequest.maximumLimit)")
        }
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of a list and the cursor of the next one (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    public func map<T>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), nextCursor: nextCursor)
    }
}

/// A sort order a list offers: a public name (`title`, `-title`) and the column behind it.
/// Every order ends with the id, so that pages neither skip nor repeat rows.
public struct SortOrder: Sendable, Equatable {
    /// The public name, with a leading `-` when descending.
    public let name: String
    let column: String
    let descending: Bool

    /// Resolves a public name (`number`, `-number`) against the columns a list allows.
    /// - Parameter allowed: public field name → column name.
    static func parse(_ name: String?, default defaultName: String, allowed: [String: String]) throws -> SortOrder {
        let name = name ?? defaultName
        let descending = name.hasPrefix("-")
        let field = descending ? String(name.dropFirst()) : name
        guard let column = allowed[field] else {
            let choices = allowed.keys.sorted().flatMap { [$0, "-" + $0] }.joined(separator: ", ")
            throw RoadmapError.invalid("sort", "must be one of \(choices)")
        }
        return SortOrder(name: name, column: column, descending: descending)
    }
}

/// Keyset pagination: the cursor carries the sort key and id of the last row returned, and the
/// next page starts strictly after it. Rows inserted or deleted between two requests neither
/// shift nor repeat the following pages, and a page costs the same at any depth.
enum Keyset {
    /// The opaque cursor: base64url of `{s: sort name, v: last sort value, i: last id}`.
    struct Cursor: Codable, Equatable {
        var s: String
        var v: SortValue
        var i: Int64
    }

    /// A sort value as it travels in a cursor.
    enum SortValue: Codable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)

        init(_ dbValue: DatabaseValue) {
            switch dbValue.storage {
            case .int64(let value): self = .integer(value)
            case .string(let value): self = .text(value)
            case .double(let value): self = .real(value)
            case .null, .blob: self = .null
            }
        }

        var databaseValue: DatabaseValue {
            switch self {
            case .null: return .null
            case .integer(let value): return value.databaseValue
            case .real(let value): return value.databaseValue
            case .text(let value): return value.databaseValue
            }
        }

        // Reals travel as {"r": value} so that they never decode as integers.
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Int64.self) { self = .integer(value) }
            else if let value = try? container.decode([String: Double].self), let real = value["r"] { self = .real(real) }
            else { self = .text(try container.decode(String.self)) }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .integer(let value): try container.encode(value)
            case .real(let value): try container.encode(["r": value])
            case .text(let value): try container.encode(value)
            }
        }
    }

    static func encode(_ cursor: Cursor) -> String {
        let data = (try? JSONEncoder().encode(cursor)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, sort: SortOrder) throws -> Cursor {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(Cursor.self, from: data) else {
            throw RoadmapError.invalid("cursor", "is not a cursor returned by this list")
        }
        guard cursor.s == sort.name else {
            throw RoadmapError.invalid("cursor", "was made for sort=\(cursor.s); keep the same sort while paging")
        }
        return cursor
    }

    /// Fetches one page of `request` in `sort` order.
    /// - Parameters:
    ///   - alias: the alias of the table whose `sort.column` and `id` order the rows.
    ///   - row: reads the sort value and id of a fetched record, to build the next cursor.
    static func fetch<Record: FetchableRecord & Sendable>(
        _ db: Database,
        _ request: QueryInterfaceRequest<Record>,
        alias: TableAlias<Record>,
        sort: SortOrder,
        page: PageRequest,
        key: (Record) -> (DatabaseValue, Int64)
    ) throws -> Page<Record> {
        try fetch(db, request, sortKey: alias[sort.column], id: alias[Column("id")], sort: sort, page: page, key: key)
    }

    /// Fetches one page of `request` ordered by `sortKey` (any expression: a column of another
    /// table, a CASE…) then `id`, in `sort`'s direction.
    static func fetch<Record: FetchableRecord & Sendable>(
        _ db: Database,
        _ request: QueryInterfaceRequest<Record>,
        sortKey column: SQLExpression,
        id: SQLExpression,
        sort: SortOrder,
        page: PageRequest,
        key: (Record) -> (DatabaseValue, Int64)
    ) throws -> Page<Record> {
        var request = request
        if let text = page.cursor {
            let cursor = try decode(text, sort: sort)
            request = request.filter(after(cursor, column: column, id: id, descending: sort.descending))
        }
        request = sort.descending
            ? request.order(column.desc, id.desc)
            : request.order(column.asc, id.asc)
        let rows = try request.limit(page.limit + 1).fetchAll(db)
        let items = Array(rows.prefix(page.limit))
        var next: String?
        if rows.count > page.limit, let last = items.last {
            let (value, lastId) = key(last)
            next = encode(Cursor(s: sort.name, v: SortValue(value), i: lastId))
        }
        return Page(items: items, nextCursor: next)
    }

    /// The rows strictly after the cursor. SQLite sorts NULL first in ascending order, last in
    /// descending order; row values keep the comparison on the (column, id) index.
    private static func after(_ cursor: Cursor, column: SQLExpression, id: SQLExpression, descending: Bool) -> SQLExpression {
        let value = cursor.v.databaseValue
        switch (cursor.v, descending) {
        case (.null, false):
            return (column == nil && id > cursor.i) || column != nil
        case (.null, true):
            return column == nil && id < cursor.i
        case (_, false):
            return SQL("(\(column), \(id)) > (\(value), \(cursor.i))").sqlExpression
        case (_, true):
            return SQL("(\(column), \(id)) < (\(value), \(cursor.i))").sqlExpression || column == nil
        }
    }
}
