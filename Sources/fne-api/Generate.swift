import ArgumentParser
import Roadmap

/// `fne-api generate`: fills a database with a large generated roadmap, for load tests and
/// benchmarks (`scripts/benchmark`). Deterministic for a given `--seed-value`.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a large generated roadmap to a database (for benchmarks).")

    @Option(name: .customLong("db"), help: "The database (created and seeded with the Gers roadmap if missing).")
    var databasePath: String

    @Option(help: "Actions to add.")
    var actions = 100_000

    @Option(help: "Partners to add.")
    var partners = 2_000

    @Option(help: "Funding envelopes to add.")
    var envelopes = 500

    @Option(help: "Seed of the pseudo-random generator.")
    var seedValue: UInt64 = 2025

    func run() async throws {
        guard actions >= 0, partners >= 0, envelopes >= 0 else { throw ValidationError("counts must be 0 or more") }
        let database = try AppDatabase.openFile(atPath: databasePath, seed: .gers)
        try await LargeRoadmapGenerator.generate(
            into: database, counts: .init(partners: partners, actions: actions, envelopes: envelopes),
            seedValue: seedValue)
        print("\(databasePath): added \(partners) partners, \(actions) actions, \(envelopes) envelopes")
    }
}
