import ArgumentParser

/// The `fne-api` executable. Each subcommand is a thin shell over RoadmapServer / Roadmap.
/// (Not in main.swift: an async root command needs `@main` in another file.)
@main
struct FneAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fne-api",
        abstract: "The France Numérique Ensemble roadmap of the Gers, as a JSON REST API.",
        subcommands: [
            Serve.self, Migrate.self, Backup.self, Restore.self, Export.self, Import.self, Token.self, Generate.self,
            HealthCheck.self,
        ],
        defaultSubcommand: Serve.self)
}
