import ArgumentParser
import Foundation
import Roadmap

/// `fne-api export --to FILE`: the whole roadmap as one JSON document (as `GET /export`).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the whole roadmap as one JSON document.")

    @Option(name: .customLong("db"), help: "The database to export (env FNE_DB, default fne-api.sqlite).")
    var databasePath: String?

    @Option(name: .customLong("to"), help: "The file to write; - for standard output.")
    var destination: String = "-"

    func run() throws {
        let path = databasePath ?? defaultDatabasePath()
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        let data = try RoadmapExport.document(ofFileAt: path)
        if destination == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            try data.write(to: URL(fileURLWithPath: destination), options: .atomic)
        }
    }
}

/// `fne-api import --from FILE --db PATH`: loads an export into a new, empty database.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load an export document into a new, empty database.")

    @Option(
        name: .customLong("db"),
        help: "The database to create and fill (env FNE_DB, default fne-api.sqlite); it must not hold data.")
    var databasePath: String?

    @Option(name: .customLong("from"), help: "The export document (from `fne-api export` or GET /export).")
    var source: String

    func run() async throws {
        let path = databasePath ?? defaultDatabasePath()
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let database = try AppDatabase.openFile(atPath: path, seed: nil)
        do {
            try await database.importDocument(data)
        } catch let error as ExportError {
            throw ValidationError(error.description)
        }
        print("\(source) imported into \(path)")
    }
}

/// The database path from FNE_DB, or the default.
func defaultDatabasePath() -> String {
    ProcessInfo.processInfo.environment["FNE_DB"] ?? "fne-api.sqlite"
}
