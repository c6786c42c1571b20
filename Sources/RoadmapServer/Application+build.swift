import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

/// What the application needs to start; `ServerSettings` for the executable, a small struct
/// in tests.
public protocol AppArguments: Sendable {
    var hostname: String { get }
    var port: Int { get }
    /// The SQLite file; nil for a private in-memory database.
    var databasePath: String? { get }
    /// The seed a new database receives.
    var seed: SeedPolicy { get }
    var logLevel: Logger.Level { get }
    /// Origins allowed to call the API from a browser (`*` for any); none by default.
    var corsOrigins: [String] { get }
    /// Whether reading needs no token (the default) or a reader token.
    var readsArePublic: Bool { get }
    /// Memory for the read cache (``ResponseCache``); 0 turns it off.
    var readCacheBytes: Int { get }
    /// A connection with no request in progress is closed after this many seconds.
    var idleTimeoutSeconds: Int { get }
    /// A request head must be complete this many seconds after its first byte (or after the
    /// connection opened), else the connection gets a 408 and is closed.
    var headerTimeoutSeconds: Int { get }
    /// The largest document file accepted, in bytes.
    var documentMaximumBytes: Int { get }
}

extension AppArguments {
    public var corsOrigins: [String] { [] }
    public var readsArePublic: Bool { true }
    public var readCacheBytes: Int { 16 << 20 }
    public var idleTimeoutSeconds: Int { ServerSettings.defaultIdleTimeoutSeconds }
    public var headerTimeoutSeconds: Int { ServerSettings.defaultHeaderTimeoutSeconds }
    public var documentMaximumBytes: Int { DocumentService.defaultMaximumBytes }
}

/// Builds the application: database (migrated and seeded), services, router, server.
public func buildApplication(
    _ arguments: some AppArguments, clock: RoadmapClock = .system
) async throws -> some ApplicationProtocol {
    let metrics = AppMetrics()
    let database =
        try arguments.databasePath.map {
            try AppDatabase.openFile(atPath: $0, seed: arguments.seed, clock: clock, metrics: metrics.factory)
        } ?? AppDatabase.inMemory(seed: arguments.seed, clock: clock, metrics: metrics.factory)
    return try buildApplication(
        arguments,
        services: RoadmapServices(
            database: database, clock: clock, documentMaximumBytes: arguments.documentMaximumBytes),
        metrics: metrics)
}

/// Builds the application on services that already exist (tests set up their data first, and
/// may pass the logger whose lines they read).
public func buildApplication(
    _ arguments: some AppArguments, services: RoadmapServices, metrics: AppMetrics = AppMetrics(),
    logger: Logger = Logger(label: "fne-api")
) throws -> some ApplicationProtocol {
    var logger = logger
    logger.logLevel = arguments.logLevel
    let router = try buildRouter(
        services: services, logger: logger, metrics: metrics, corsOrigins: arguments.corsOrigins,
        readsArePublic: arguments.readsArePublic, readCacheBytes: arguments.readCacheBytes)
    return Application(
        router: router,
        server: .boundaryHTTP1(
            idleTimeout: .seconds(Int64(arguments.idleTimeoutSeconds)),
            headerTimeout: .seconds(Int64(arguments.headerTimeoutSeconds)),
            additionalChannelHandlers: { [FlushBeforeCloseHandler()] }),
        configuration: .init(address: .hostname(arguments.hostname, port: arguments.port), serverName: "fne-api"),
        logger: logger)
}

/// The router: middleware in the order a request meets them, then the generated routes.
public func buildRouter(
    services: RoadmapServices, logger: Logger, metrics: AppMetrics = AppMetrics(), corsOrigins: [String] = [],
    readsArePublic: Bool = true,
    readCacheBytes: Int = 16 << 20
) throws -> Router<BasicRequestContext> {
    let contract = try ContractDocument(EmbeddedOpenAPIDocument.data)
    let policy = try AccessPolicy(contract: contract)
    let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
    let routes = RouteTable()
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: CORSMiddleware(allowedOrigins: Set(corsOrigins)))
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware(routes: routes, logger: logger))
    router.add(middleware: AuthMiddleware(policy: policy, tokens: services.tokens, readsArePublic: readsArePublic))
    router.add(middleware: QueryParameterMiddleware(rules: QueryParameterRules(contract: contract)))
    router.add(middleware: HeaderDecodingMiddleware())
    if readCacheBytes > 0 {
        router.add(
            middleware: ReadCacheMiddleware(
                cache: ResponseCache(maximumBytes: readCacheBytes), policy: policy,
                database: services.database, clock: services.clock))
    }
    router.add(middleware: JSONBodyMiddleware(uploadLimit: services.documentMaximumBytes))
    router.add(middleware: IdempotencyMiddleware(store: services.idempotency, logger: logger))
    let api = API(
        services: services, openAPIDocument: EmbeddedOpenAPIDocument.data,
        contractPages: BackgroundValue { try ContractPages.make(policy: policy) },
        metrics: metrics)
    try api.registerHandlers(
        on: RecordingTransport(router: router, table: routes),
        configuration: Configuration(
            dateTranscoder: InstantTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))
    return router
}
