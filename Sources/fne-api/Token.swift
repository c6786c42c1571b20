import ArgumentParser
import Foundation
import Roadmap

/// `fne-api token create|list|revoke`: API tokens, managed on the database file directly
/// (the first admin token can only come from here). Works while the server runs.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print its secret (shown once).")

        @Option(name: .customLong("db"), help: "The database (env FNE_DB, default fne-api.sqlite).")
        var databasePath: String?

        @Option(help: "Who or what uses the token; the audit trail records changes under this name.")
        var name: String

        @Option(help: "reader, editor or admin.")
        var role: String

        func run() async throws {
            guard let role = AccessRole(rawValue: role) else {
                throw ValidationError("role must be reader, editor or admin")
            }
            let issued = try await tokenService(databasePath).create(name: name, role: role, by: .commandLine)
            print(issued.secret)
            FileHandle.standardError.write(
                Data(
                    "token \(issued.token.id) « \(issued.token.name) » (\(role.rawValue)) created; the secret above is not stored and will not be shown again\n"
                        .utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never their secrets).")

        @Option(name: .customLong("db"), help: "The database (env FNE_DB, default fne-api.sqlite).")
        var databasePath: String?

        func run() async throws {
            for token in try await tokenService(databasePath).list() {
                let state = token.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                print("\(token.id)\t\(token.role.rawValue)\t\(state)\t\(token.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")

        @Option(name: .customLong("db"), help: "The database (env FNE_DB, default fne-api.sqlite).")
        var databasePath: String?

        @Option(help: "The token's id (see `fne-api token list`).")
        var id: Int64

        func run() async throws {
            let token = try await tokenService(databasePath).revoke(id: id, by: .commandLine)
            print("token \(token.id) « \(token.name) » revoked")
        }
    }
}

private func tokenService(_ path: String?) throws -> TokenService {
    let path = path ?? defaultDatabasePath()
    let database = try AppDatabase.openFile(atPath: path, seed: nil)
    return TokenService(database: database, clock: .system)
}
