import Foundation
import GRDB

/// The whole roadmap as one JSON document, and back.
///
/// The document lists every data table with its columns and its rows in primary-key order;
/// values are written as SQLite stores them (integers, texts, null; bytes, such as documents'
/// files, as `{"base64": "…"}`), by a writer of our own,
/// so that the same database always gives the same bytes: export → import → export is
/// byte-identical. Tables are discovered from the schema, so a new module's tables are
/// exported without touching this file; only bookkeeping that is not roadmap data is left
/// out (see `excludedTables`).
public enum RoadmapExport {
    public static let format = "fne-api-export"
    public static let formatVersion = 1

    /// Tables that are not roadmap data: the migrations table (the target database runs its
    /// own), the full-text index (rebuilt on import), and access secrets.
    static func isExcluded(_ table: String) -> Bool {
        table == "grdb_migrations" || table.hasPrefix("actionSearch") || excludedTables.contains(table)
    }

    /// Operational tables kept out of exports (secrets and retry bookkeeping).
    static let excludedTables: Set<String> = ["apiToken", "idempotencyKey"]

    /// The document of the database `db` reads.
    static func document(_ db: Database) throws -> Data {
        var writer = JSONWriter()
        writer.raw("{\"format\":")
        writer.string(format)
        writer.raw(",\"formatVersion\":\(formatVersion),\"migrations\":[")
        for (index, name) in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            .enumerated()
        {
            if index > 0 { writer.raw(",") }
            writer.string(name)
        }
        writer.raw("],\"tables\":[")
        for (tableIndex, table) in try tables(db).enumerated() {
            if tableIndex > 0 { writer.raw(",") }
            let columns = try db.columns(in: table).map(\.name)
            writer.raw("{\"name\":")
            writer.string(table)
            writer.raw(",\"columns\":[")
            for (index, column) in columns.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.string(column)
            }
            writer.raw("],\"rows\":[")
            // sqlite_sequence has no primary key and its rowids follow insertion order: sort by name.
            let order =
                table == "sqlite_sequence"
                ? "name"
                : try db.primaryKey(table).columns.map { $0.quotedDatabaseIdentifier }.joined(separator: ", ")
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)")
            var first = true
            while let row = try rows.next() {
                writer.raw(first ? "[" : ",[")
                first = false
                for index in 0..<columns.count {
                    if index > 0 { writer.raw(",") }
                    try writer.value(row[index] as DatabaseValue)
                }
                writer.raw("]")
            }
            writer.raw("]}")
        }
        writer.raw("]}\n")
        return writer.data
    }

    /// Loads a document into `db`, which must hold no data yet (a new database migrated
    /// without the seed). Runs in the caller's transaction; foreign keys are checked at commit.
    static func load(_ data: Data, into db: Database) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            root["format"] as? String == format, root["formatVersion"] as? Int == formatVersion,
            let tables = root["tables"] as? [[String: Any]]
        else { throw ExportError("not an fne-api export (format \(format), version \(formatVersion))") }
        let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        guard root["migrations"] as? [String] == migrations else {
            throw ExportError(
                "the export was made with other migrations (\((root["migrations"] as? [String])?.last ?? "?")) than this program's (\(migrations.last ?? "?"))"
            )
        }
        let known = Set(try Self.tables(db))
        for table in known
        where try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)")! > 0 {
            throw ExportError("the target database is not empty (table \(table) has rows); import into a new database")
        }
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        // Loading rows fills sqlite_sequence by itself; the export's counters replace it at the
        // end, so that ids deleted before the export are not reused after it.
        let ordered =
            tables.filter { $0["name"] as? String != "sqlite_sequence" }
            + tables.filter { $0["name"] as? String == "sqlite_sequence" }
        for table in ordered {
            guard let name = table["name"] as? String, known.contains(name),
                let columns = table["columns"] as? [String], let rows = table["rows"] as? [[Any]]
            else { throw ExportError("unknown or malformed table \(table["name"] ?? "?")") }
            if name == "sqlite_sequence" { try db.execute(sql: "DELETE FROM sqlite_sequence") }
            let names = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(
                sql: "INSERT INTO \(name.quotedDatabaseIdentifier) (\(names)) VALUES (\(marks))")
            for row in rows {
                guard row.count == columns.count else {
                    throw ExportError("a row of \(name) has \(row.count) values for \(columns.count) columns")
                }
                try statement.execute(arguments: StatementArguments(row.map(databaseValue)))
            }
        }
        try db.execute(sql: "INSERT INTO actionSearch(actionSearch) VALUES ('rebuild')")
    }

    /// Data tables in name order (`sqlite_sequence` included, so that ids are never reused).
    static func tables(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
        )
        .filter { !isExcluded($0) && ($0 == "sqlite_sequence" || !$0.hasPrefix("sqlite_")) }
    }

    private static func databaseValue(_ value: Any) throws -> DatabaseValue {
        switch value {
        case is NSNull: return .null
        case let text as String: return text.databaseValue
        case let object as [String: Any]:
            guard object.count == 1, let text = object["base64"] as? String, let bytes = Data(base64Encoded: text)
            else {
                throw ExportError("unsupported value \(object): bytes are written {\"base64\": \"…\"}")
            }
            return bytes.databaseValue
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            if type == "d" || type == "f" { return number.doubleValue.databaseValue }
            return number.int64Value.databaseValue
        default: throw ExportError("unsupported value \(value)")
        }
    }
}

extension RoadmapExport {
    /// The export document of the database file at `path`, read without changing it (no
    /// migration, read-only connection).
    public static func document(ofFileAt path: String) throws -> Data {
        var config = AppDatabase.makeConfiguration()
        config.readonly = true
        let pool = try DatabasePool(path: path, configuration: config)
        defer { try? pool.close() }
        return try pool.read { db in try document(db) }
    }
}

extension AppDatabase {
    /// The export document of this database (a consistent snapshot).
    public func exportDocument() async throws -> Data {
        try await read { db in try RoadmapExport.document(db) }
    }

    /// Loads an export document into this database, which must be empty.
    public func importDocument(_ data: Data) async throws {
        try await write { db in try RoadmapExport.load(data, into: db) }
    }
}

/// An export that cannot be read or loaded; the message says why.
public struct ExportError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A minimal JSON writer whose output depends only on the values written.
struct JSONWriter {
    private(set) var data = Data()

    mutating func raw(_ text: String) { data.append(contentsOf: text.utf8) }

    mutating func string(_ text: String) {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        raw(out + "\"")
    }

    mutating func value(_ value: DatabaseValue) throws {
        switch value.storage {
        case .null: raw("null")
        case .int64(let number): raw(String(number))
        case .double(let number): raw(number.isFinite ? "\(number)" : "null")
        case .string(let text): string(text)
        // Bytes (documents' files) as an object, so that no text value can be mistaken for them.
        case .blob(let bytes): raw("{\"base64\":\"\(bytes.base64EncodedString())\"}")
        }
    }
}
