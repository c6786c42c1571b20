import GRDB
import Synchronization

/// Statements compiled once per connection and kept (GRDB's statement cache), for the queries
/// every request runs: a record by id, whether an id exists, the rows of a page.
///
/// Why: compiling a statement was a fifth of the CPU of a short read or write (issue 18's
/// profile, BENCHMARKS.md). GRDB's authorizer records every column a statement reads while
/// SQLite compiles it (`DatabaseRegion`, for observation), and the query interface generates
/// the SQL text first; a kept statement skips both. Values always travel as arguments, so one
/// statement serves every id, every cursor and every limit.
///
/// A kept statement lives as long as its connection. The queries of fixed shape below are few;
/// the shapes of list queries depend on the filters a caller combines, so only the first
/// ``maximumShapes`` texts seen are kept, and any other runs compiled each time, as before: a
/// caller cannot make the server keep statements without bound.
enum ReusedStatements {
    /// The statement texts connections keep, for the whole process.
    static let shapes = StatementShapes(maximum: 256)

    /// The statement for `sql`: kept by the connection when `shapes` admits its text.
    static func statement(_ db: Database, sql: String, shapes: StatementShapes = shapes) throws -> Statement {
        shapes.admits(sql) ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }
}

/// Which statement texts connections keep: the first `maximum` seen, then no other.
final class StatementShapes: Sendable {
    let maximum: Int
    private let admitted = Mutex<Set<String>>([])

    init(maximum: Int) {
        self.maximum = maximum
    }

    func admits(_ sql: String) -> Bool {
        admitted.withLock { texts in
            if texts.contains(sql) { return true }
            guard texts.count < maximum else { return false }
            texts.insert(sql)
            return true
        }
    }

    var count: Int { admitted.withLock { $0.count } }
}

extension FetchableRecord where Self: TableRecord & Identifiable, ID == Int64? {
    /// The record with this id, or nil.
    static func fetchOne(_ db: Database, primaryKey id: Int64) throws -> Self? {
        let statement = try db.cachedStatement(
            sql: "SELECT * FROM \(databaseTableName.quotedDatabaseIdentifier) WHERE id = ?")
        return try fetchOne(statement, arguments: [id])
    }
}

extension TableRecord where Self: Identifiable, ID == Int64? {
    /// Whether a record has this id.
    static func exists(_ db: Database, primaryKey id: Int64) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM \(databaseTableName.quotedDatabaseIdentifier) WHERE id = ?)")
        return try Bool.fetchOne(statement, arguments: [id]) ?? false
    }
}

extension FetchableRecord where Self: TableRecord {
    /// The records whose `column` is one of `ids`, ordered by `order` (storage order when
    /// nil). The ids travel as one JSON array argument (`json_each`), so one kept statement
    /// serves every page size.
    static func fetchAll(
        _ db: Database, where column: Column, in ids: [Int64], orderBy order: Column? = nil
    ) throws -> [Self] {
        guard !ids.isEmpty else { return [] }
        let table = databaseTableName.quotedDatabaseIdentifier
        let statement = try db.cachedStatement(
            sql: """
                SELECT * FROM \(table) WHERE \(column.name.quotedDatabaseIdentifier) IN (SELECT value FROM json_each(?))
                 ORDER BY \(order.map(\.name.quotedDatabaseIdentifier) ?? "rowid")
                """)
        return try fetchAll(statement, arguments: [ReusedStatements.jsonArray(ids)])
    }
}

extension ReusedStatements {
    /// `[1,2,3]`: ids as the one argument of a `json_each(?)`.
    static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}

extension QueryInterfaceRequest {
    /// At most `limit` rows of this request, through a statement kept by its connection when
    /// its text is admitted (see ``ReusedStatements``): the limit travels as an argument.
    func fetchAll(
        _ db: Database, limit: Int, shapes: StatementShapes = ReusedStatements.shapes
    ) throws -> [RowDecoder] where RowDecoder: FetchableRecord {
        let (sql, arguments) = try SQL("\(self) LIMIT \(limit)").build(db)
        return try RowDecoder.fetchAll(ReusedStatements.statement(db, sql: sql, shapes: shapes), arguments: arguments)
    }
}
