import Foundation
import GRDB
import Testing

@testable import Roadmap

/// Statements kept by their connection (issue 18): the same text is compiled once, values
/// travel as arguments, and a caller cannot make the server keep texts without bound.
@Suite("Reused statements")
struct ReusedStatementsTests {
    /// A small table of its own, so that the tests see only their rows.
    struct Item: Codable, FetchableRecord, PersistableRecord, Identifiable {
        static let databaseTableName = "item"
        var id: Int64?
        var ownerId: Int64
        var name: String
    }

    private func makeDatabase(items: Int) throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.create(table: "item") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("ownerId", .integer).notNull().indexed()
                t.column("name", .text).notNull()
            }
            for index in 1...items {
                try Item(id: nil, ownerId: Int64(index % 7), name: "item \(index)").insert(db)
            }
        }
        return queue
    }

    @Test("an admitted text is compiled once: its connection gives the same statement again")
    func admittedTextIsKept() throws {
        // setup
        let queue = try makeDatabase(items: 1)
        let shapes = StatementShapes(maximum: 4)
        // MUT
        let same = try queue.read { db in
            try ReusedStatements.statement(db, sql: "SELECT * FROM item", shapes: shapes)
                === ReusedStatements.statement(db, sql: "SELECT * FROM item", shapes: shapes)
        }
        // validate
        #expect(same)
        #expect(shapes.count == 1)
    }

    @Test("beyond the maximum, other texts are compiled each time and never kept")
    func textsBeyondTheMaximumAreNotKept() throws {
        // setup
        let queue = try makeDatabase(items: 1)
        let shapes = StatementShapes(maximum: 1)
        // MUT
        let (keptAgain, otherIsNew, otherAnswers) = try queue.read { db in
            let kept = try ReusedStatements.statement(db, sql: "SELECT id FROM item", shapes: shapes)
            let other = try ReusedStatements.statement(db, sql: "SELECT name FROM item", shapes: shapes)
            return (
                try ReusedStatements.statement(db, sql: "SELECT id FROM item", shapes: shapes) === kept,
                try ReusedStatements.statement(db, sql: "SELECT name FROM item", shapes: shapes) !== other,
                try String.fetchOne(other)
            )
        }
        // validate
        #expect(shapes.count == 1)
        #expect(keptAgain)
        #expect(otherIsNew)
        #expect(otherAnswers == "item 1")
    }

    @Test("a page's limit and filter values travel as arguments: every page of one query shares one text")
    func pagesShareOneText() throws {
        // setup
        let queue = try makeDatabase(items: 20)
        let shapes = StatementShapes(maximum: 8)
        // MUT
        let (three, five, otherOwner) = try queue.read { db in
            let request = Item.filter(Column("ownerId") == 3).order(Column("id"))
            return (
                try request.fetchAll(db, limit: 2, shapes: shapes),
                try Item.filter(Column("ownerId") == 3).order(Column("id")).fetchAll(db, limit: 5, shapes: shapes),
                try Item.filter(Column("ownerId") == 4).order(Column("id")).fetchAll(db, limit: 5, shapes: shapes)
            )
        }
        // validate
        #expect(three.map(\.id) == [3, 10])
        #expect(five.map(\.id) == [3, 10, 17])
        #expect(otherOwner.map(\.id) == [4, 11, 18])
        #expect(shapes.count == 1)
    }

    @Test("records by a list of ids: exactly those rows, ordered by the column asked, for one id or hundreds")
    func recordsByIds() throws {
        // setup
        let queue = try makeDatabase(items: 700)
        let many = Array(stride(from: Int64(700), through: 1, by: -1))
        // MUT
        let (none, one, all, byOwner) = try queue.read { db in
            (
                try Item.fetchAll(db, where: Column("id"), in: []),
                try Item.fetchAll(db, where: Column("id"), in: [42]),
                try Item.fetchAll(db, where: Column("id"), in: many, orderBy: Column("id")).reversed(),
                try Item.fetchAll(db, where: Column("ownerId"), in: [0, 6], orderBy: Column("id"))
            )
        }
        // validate
        #expect(none.isEmpty)
        #expect(one.map(\.name) == ["item 42"])
        #expect(all.map(\.id) == many)
        #expect(byOwner.count == 200)
        #expect(byOwner.allSatisfy { $0.ownerId == 0 || $0.ownerId == 6 })
    }

    @Test("a record by its id, and whether an id exists")
    func recordById() throws {
        // setup
        let queue = try makeDatabase(items: 3)
        // MUT
        let (found, missing, exists, absent) = try queue.read { db in
            (
                try Item.fetchOne(db, primaryKey: 2), try Item.fetchOne(db, primaryKey: 9),
                try Item.exists(db, primaryKey: 3), try Item.exists(db, primaryKey: 4)
            )
        }
        // validate
        #expect(found?.name == "item 2")
        #expect(missing == nil)
        #expect(exists)
        #expect(!absent)
    }
}
