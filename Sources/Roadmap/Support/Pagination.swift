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

/// The order Keyset pages by: the cursor's name for it (`title`, `-title`), the expression
/// behind it and its direction. Every order ends with the id, so that pages neither skip nor
/// repeat rows. Lists build it from their typed ``Sort``; the change log and the sub-resource
/// lists have one fixed order.
struct SortOrder: Sendable {
    let name: String
    let expression: SQLExpression
    let descending: Bool

    /// By id, ascending or descending.
    static func byId<R>(_ alias: TableAlias<R>, descending: Bool = false) -> SortOrder {
        SortOrder(name: descending ? "-id" : "id", expression: alias[Column("id")], descending: descending)
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
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Int64.self) {
                self = .integer(value)
            } else if let value = try? container.decode([String: Double].self), let real = value["r"] {
                self = .real(real)
            } else {
                self = .text(try container.decode(String.self))
            }
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
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(Cursor.self, from: data)
        else {
            throw RoadmapError.invalid("cursor", "is not a cursor returned by this list")
        }
        guard cursor.s == sort.name else {
            throw RoadmapError.invalid("cursor", "was made for sort=\(cursor.s); keep the same sort while paging")
        }
        return cursor
    }

    /// Fetches one page of the records of `request` in `sort` order, the field read back by
    /// the sort itself for the next cursor.
    static func fetch<Field: SortField>(
        _ db: Database,
        _ request: QueryInterfaceRequest<Field.Record>,
        alias: TableAlias<Field.Record>,
        sort: Sort<Field>,
        page: PageRequest
    ) throws -> Page<Field.Record>
    where Field.Record: FetchableRecord & Sendable & Identifiable, Field.Record.ID == Int64? {
        try fetch(db, request, id: alias[Column("id")], sort: sort.order(alias), page: page) {
            (sort.field.value(of: $0), $0.id!)
        }
    }

    /// Fetches one page of `request` ordered by `sort.expression` (a column, a column of another
    /// table, a CASE…) then `id`, in `sort`'s direction.
    /// - Parameter key: reads the sort value and id of a fetched row, to build the next cursor.
    static func fetch<Record: FetchableRecord & Sendable>(
        _ db: Database,
        _ request: QueryInterfaceRequest<Record>,
        id: SQLExpression,
        sort: SortOrder,
        page: PageRequest,
        key: (Record) -> (DatabaseValue, Int64)
    ) throws -> Page<Record> {
        let column = sort.expression
        var request = request
        if let text = page.cursor {
            let cursor = try decode(text, sort: sort)
            request = request.filter(after(cursor, column: column, id: id, descending: sort.descending))
        }
        request =
            sort.descending
            ? request.order(column.desc, id.desc)
            : request.order(column.asc, id.asc)
        let rows = try request.fetchAll(db, limit: page.limit + 1)
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
    private static func after(
        _ cursor: Cursor, column: SQLExpression, id: SQLExpression, descending: Bool
    ) -> SQLExpression {
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
