// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "fne-api",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fne-api", targets: ["fne-api"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Already used by Hummingbird; its NIOHTTPTypes names the HTTP parts of the pipeline.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Already used by the OpenAPI generator; the server reads the roles of openapi.yaml with it.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // CSV writing (quoting, separators) for the spreadsheet and SCDL exports.
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
    ],
    targets: [
        // The HTTP contract: types and server protocol generated from openapi.yaml at build time.
        .target(
            name: "RoadmapAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            plugins: [
                .plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator"),
                .plugin(name: "EmbedContract"),
            ]
        ),
        // Embeds openapi.yaml in the contract target, for GET /openapi.yaml.
        .plugin(name: "EmbedContract", capability: .buildTool(), dependencies: ["embed-contract"]),
        .executableTarget(name: "embed-contract"),
        // The domain: records, rules and storage. Knows nothing of HTTP.
        .target(
            name: "Roadmap",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // HTTP: the APIProtocol implementation, mapping, middleware and the application builder.
        .target(
            name: "RoadmapServer",
            dependencies: [
                "RoadmapAPI",
                "Roadmap",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The command line: serve, migrate, … Thin by design.
        .executableTarget(
            name: "fne-api",
            dependencies: [
                "RoadmapServer",
                "Roadmap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RoadmapTests",
            dependencies: ["Roadmap", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RoadmapServerTests",
            dependencies: [
                "RoadmapServer",
                "RoadmapAPI",
                "Roadmap",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
