// swift-tools-version: 6.0
// The yardstick of scripts/benchmark (issue 18): a bare Hummingbird router answering
// GET /health with {"status":"ok"} and nothing else: no middleware, no database. What
// fne-api's requests are measured against, in the same run, on the same machine. Not a
// target of the product: a package of its own, built in release by the script.
import PackageDescription

let package = Package(
    name: "bare-hummingbird",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")
    ],
    targets: [
        .executableTarget(
            name: "BareHummingbird",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
