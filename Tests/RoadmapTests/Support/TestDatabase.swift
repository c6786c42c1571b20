import Foundation
import GRDB
import Testing

@testable import Roadmap

/// A fixed instant for tests: 2026-03-15 10:00 UTC.
let testInstant = Date(timeIntervalSince1970: 1_773_568_800)

/// Services on a fresh in-memory database, seeded with the Gers roadmap unless told otherwise.
func makeServices(
    seed: SeedPolicy = .gers, clock: RoadmapClock = .fixed(testInstant),
    documentMaximumBytes: Int = DocumentService.defaultMaximumBytes
) throws -> RoadmapServices {
    RoadmapServices(
        database: try AppDatabase.inMemory(seed: seed, clock: clock), clock: clock,
        documentMaximumBytes: documentMaximumBytes)
}

/// A path in a temporary directory for a database file, removed with its directory by `cleanup`.
struct TemporaryDatabaseFile {
    let directory: URL
    var path: String { directory.appendingPathComponent("roadmap.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fne-api-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The seed document shipped with the tests.
func seedDocument() throws -> String {
    let url = try #require(
        Bundle.module.url(forResource: "gers-feuille-de-route-fne", withExtension: "md", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

/// Runs `body` and returns the `RoadmapError` it throws (fails the test if it throws nothing
/// or something else).
func roadmapError(
    _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) async -> RoadmapError? {
    do {
        try await body()
        Issue.record("expected a RoadmapError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as RoadmapError {
        return error
    } catch {
        Issue.record("expected a RoadmapError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension RoadmapError {
    /// The fields named by an `invalid` or `unprocessable` error.
    var fields: [String] {
        switch self {
        case .invalid(let errors), .unprocessable(let errors): errors.map(\.field)
        default: []
        }
    }
}
