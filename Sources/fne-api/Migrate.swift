import ArgumentParser
import Roadmap
import RoadmapServer

/// `fne-api migrate`: applies the pending migrations (and, for a new database, the seed) and
/// exits; `serve` does the same on start, this is for deployments that migrate first.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let settings: ServerSettings
        do {
            settings = try ServerSettings.resolve(
                host: nil, port: nil, databasePath: database.databasePath, noSeed: database.noSeed, logLevel: nil)
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
        let path = settings.databasePath ?? ServerSettings.defaultDatabasePath
        let db = try AppDatabase.openFile(atPath: path, seed: settings.seed)
        let applied = try await db.appliedMigrations()
        print(
            "\(path): \(applied.count) migration(s) applied (\(applied.last ?? "none")); seed: \(try await db.seedMark()?.rawValue ?? "none yet")"
        )
    }
}
