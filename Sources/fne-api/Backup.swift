import ArgumentParser
import Roadmap

/// `fne-api backup --to FILE`: a consistent copy of the live database, taken while the server
/// keeps running and writing.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the live database into a new file, consistently, while the server runs.")

    @Option(name: .customLong("db"), help: "The database to copy (env FNE_DB, default fne-api.sqlite).")
    var databasePath: String?

    @Option(name: .customLong("to"), help: "The backup file to create (must not exist).")
    var destination: String

    func run() throws {
        let source = databasePath ?? defaultDatabasePath()
        // A BackupError ends the command with its message (exit status 1).
        try DatabaseBackup.backup(from: source, to: destination)
        print("backup of \(source) written to \(destination) (integrity check: ok)")
    }
}

/// `fne-api restore --from FILE`: puts a backup back in place of the database. Stop the
/// server first.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database by a backup (stop the server first).",
        discussion: "The backup is checked (PRAGMA integrity_check, fne-api schema) before anything is replaced.")

    @Option(name: .customLong("db"), help: "The database to replace (env FNE_DB, default fne-api.sqlite).")
    var databasePath: String?

    @Option(name: .customLong("from"), help: "The backup file made by `fne-api backup`.")
    var source: String

    func run() throws {
        let destination = databasePath ?? defaultDatabasePath()
        try DatabaseBackup.restore(from: source, to: destination)
        print("\(destination) restored from \(source)")
    }
}
