import ArgumentParser

/// Options shared by every subcommand that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "SQLite database file (env FNE_DB, default fne-api.sqlite in the working directory).")
    var databasePath: String?

    @Flag(
        name: .customLong("no-seed"), help: "Create a new database empty, without the Gers roadmap (env FNE_NO_SEED=1)."
    )
    var noSeed = false
}
