import ArgumentParser
import Hummingbird
import Logging
import RoadmapServer

/// `fne-api serve`: opens (creating, migrating and seeding if needed) the database and serves
/// the API until SIGTERM or SIGINT, then finishes the requests in flight and exits.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the HTTP server.")

    @Option(name: .long, help: "Address to listen on (env FNE_HOST, default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (env FNE_PORT, default 8080).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .long, help: "trace, debug, info, notice, warning, error or critical (env FNE_LOG_LEVEL, default info).")
    var logLevel: String?

    @Option(name: .long, help: "text or json, one JSON object per line (env FNE_LOG_FORMAT, default text).")
    var logFormat: String?

    @Option(
        name: .long,
        help:
            "Origins allowed to call the API from a browser, comma-separated, or * (env FNE_CORS_ORIGINS, default none)."
    )
    var corsOrigins: String?

    @Option(
        name: .long,
        help:
            "public: reading needs no token; token: reading needs a reader token (env FNE_READ_ACCESS, default public)."
    )
    var readAccess: String?

    @Option(
        name: .long,
        help:
            "Memory for answers to repeated reads, in megabytes; 0 turns the cache off (env FNE_READ_CACHE_MB, default 16)."
    )
    var readCacheMb: Int?

    @Option(
        name: .long,
        help: "Seconds before a connection with no request in progress is closed (env FNE_IDLE_TIMEOUT, default 60).")
    var idleTimeout: Int?

    @Option(
        name: .long, help: "Seconds a client has to send a whole request head (env FNE_HEADER_TIMEOUT, default 10).")
    var headerTimeout: Int?

    @Option(
        name: .long,
        help: "The largest document file accepted, in megabytes of 10⁶ bytes (env FNE_DOCUMENT_MAX_MB, default 25).")
    var documentMaxMb: Int?

    func run() async throws {
        let settings: ServerSettings
        do {
            settings = try ServerSettings.resolve(
                host: host, port: port, databasePath: database.databasePath, noSeed: database.noSeed,
                logLevel: logLevel,
                logFormat: logFormat, corsOrigins: corsOrigins, readAccess: readAccess, readCacheMegabytes: readCacheMb,
                idleTimeout: idleTimeout, headerTimeout: headerTimeout, documentMaximumMegabytes: documentMaxMb)
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
        switch settings.logFormat {
        case .json: LoggingSystem.bootstrap { label in RedactingLogHandler(JSONLogHandler(label: label)) }
        case .text:
            LoggingSystem.bootstrap { label in RedactingLogHandler(StreamLogHandler.standardError(label: label)) }
        }
        // A database that cannot be opened safely (StorageError) stops the start with its reason.
        let app = try await buildApplication(settings)
        try await app.runService()
    }
}
