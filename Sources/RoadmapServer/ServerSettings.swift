import Foundation
import Logging
import Roadmap

/// The settings of `fne-api serve`: each comes from its flag, else its environment variable,
/// else its default. Invalid values stop the program before it starts, with a message that
/// names the setting.
public struct ServerSettings: AppArguments, Equatable {
    public var hostname: String
    public var port: Int
    public var databasePath: String?
    public var seed: SeedPolicy
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var corsOrigins: [String]
    public var readsArePublic: Bool
    public var readCacheBytes: Int
    public var idleTimeoutSeconds: Int
    public var headerTimeoutSeconds: Int
    /// The largest document file accepted (``DocumentService``), in bytes.
    public var documentMaximumBytes: Int = DocumentService.defaultMaximumBytes

    /// How log lines are written.
    public enum LogFormat: String, Sendable, CaseIterable {
        /// Human-readable lines (swift-log's default handler).
        case text
        /// One JSON object per line, for log collectors.
        case json
    }

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultDatabasePath = "fne-api.sqlite"
    public static let defaultReadCacheMegabytes = 16
    /// Like nginx's keepalive_timeout (75 s), a little shorter.
    public static let defaultIdleTimeoutSeconds = 60
    /// Enough for any real client on a slow link; a slowloris gets 10 seconds per connection.
    public static let defaultHeaderTimeoutSeconds = 10
    /// 25 MB: a signed PDF or a scanned set of minutes fits with room to spare.
    public static let defaultDocumentMaximumMegabytes = 25

    /// Resolves flags (nil when not given) against the environment.
    public static func resolve(
        host: String?, port: Int?, databasePath: String?, noSeed: Bool, logLevel: String?,
        logFormat: String? = nil, corsOrigins: String? = nil, readAccess: String? = nil, readCacheMegabytes: Int? = nil,
        idleTimeout: Int? = nil, headerTimeout: Int? = nil, documentMaximumMegabytes: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServerSettings {
        let hostname = host ?? environment["FNE_HOST"] ?? defaultHost
        guard !hostname.isEmpty, !hostname.contains(where: \.isWhitespace) else {
            throw SettingsError("host (--host / FNE_HOST) must be a host name or an IP address, got '\(hostname)'")
        }
        let portNumber: Int
        if let port {
            portNumber = port
        } else if let text = environment["FNE_PORT"] {
            guard let value = Int(text) else { throw SettingsError("port (FNE_PORT) must be a number, got '\(text)'") }
            portNumber = value
        } else {
            portNumber = defaultPort
        }
        guard (0...65535).contains(portNumber) else {
            throw SettingsError("port (--port / FNE_PORT) must be between 0 and 65535, got \(portNumber)")
        }
        let path = databasePath ?? environment["FNE_DB"] ?? defaultDatabasePath
        guard !path.isEmpty else { throw SettingsError("database path (--db / FNE_DB) must not be empty") }
        let seedDisabled = noSeed || ["1", "true", "yes"].contains(environment["FNE_NO_SEED"]?.lowercased() ?? "")
        let levelText = logLevel ?? environment["FNE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            let choices = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingsError("log level (--log-level / FNE_LOG_LEVEL) must be one of \(choices), got '\(levelText)'")
        }
        let formatText = logFormat ?? environment["FNE_LOG_FORMAT"] ?? "text"
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw SettingsError("log format (--log-format / FNE_LOG_FORMAT) must be text or json, got '\(formatText)'")
        }
        let origins = try parseOrigins(corsOrigins ?? environment["FNE_CORS_ORIGINS"] ?? "")
        let access = (readAccess ?? environment["FNE_READ_ACCESS"] ?? "public").lowercased()
        guard access == "public" || access == "token" else {
            throw SettingsError(
                "read access (--read-access / FNE_READ_ACCESS) must be public or token, got '\(access)'")
        }
        let cacheMegabytes: Int
        if let readCacheMegabytes {
            cacheMegabytes = readCacheMegabytes
        } else if let text = environment["FNE_READ_CACHE_MB"] {
            guard let value = Int(text) else {
                throw SettingsError("read cache (FNE_READ_CACHE_MB) must be a number of megabytes, got '\(text)'")
            }
            cacheMegabytes = value
        } else {
            cacheMegabytes = defaultReadCacheMegabytes
        }
        guard (0...1024).contains(cacheMegabytes) else {
            throw SettingsError(
                "read cache (--read-cache-mb / FNE_READ_CACHE_MB) must be between 0 (off) and 1024 megabytes, got \(cacheMegabytes)"
            )
        }
        let idle = try seconds(
            idleTimeout, environment["FNE_IDLE_TIMEOUT"], default: defaultIdleTimeoutSeconds,
            name: "idle timeout (--idle-timeout / FNE_IDLE_TIMEOUT)")
        let header = try seconds(
            headerTimeout, environment["FNE_HEADER_TIMEOUT"], default: defaultHeaderTimeoutSeconds,
            name: "header timeout (--header-timeout / FNE_HEADER_TIMEOUT)")
        let documentMegabytes: Int
        if let documentMaximumMegabytes {
            documentMegabytes = documentMaximumMegabytes
        } else if let text = environment["FNE_DOCUMENT_MAX_MB"] {
            guard let value = Int(text) else {
                throw SettingsError(
                    "document size limit (FNE_DOCUMENT_MAX_MB) must be a number of megabytes, got '\(text)'")
            }
            documentMegabytes = value
        } else {
            documentMegabytes = defaultDocumentMaximumMegabytes
        }
        guard (1...1000).contains(documentMegabytes) else {
            throw SettingsError(
                "document size limit (--document-max-mb / FNE_DOCUMENT_MAX_MB) must be between 1 and 1000 megabytes, got \(documentMegabytes)"
            )
        }
        return ServerSettings(
            hostname: hostname, port: portNumber, databasePath: path,
            seed: seedDisabled ? .none : .gers, logLevel: level, logFormat: format, corsOrigins: origins,
            readsArePublic: access == "public", readCacheBytes: cacheMegabytes << 20,
            idleTimeoutSeconds: idle, headerTimeoutSeconds: header,
            // Megabytes as disks and mail clients count them: 10⁶ bytes.
            documentMaximumBytes: documentMegabytes * 1_000_000)
    }

    /// A number of seconds from its flag, else its environment variable, else its default: 1 to 3600.
    static func seconds(_ flag: Int?, _ environment: String?, default defaultValue: Int, name: String) throws -> Int {
        let value: Int
        if let flag {
            value = flag
        } else if let text = environment {
            guard let number = Int(text) else {
                throw SettingsError("\(name) must be a number of seconds, got '\(text)'")
            }
            value = number
        } else {
            value = defaultValue
        }
        guard (1...3600).contains(value) else {
            throw SettingsError("\(name) must be between 1 and 3600 seconds, got \(value)")
        }
        return value
    }

    /// A comma-separated list of origins (`https://example.org`, `http://localhost:3000`) or `*`.
    static func parseOrigins(_ text: String) throws -> [String] {
        let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for origin in origins where origin != "*" {
            let parts = origin.split(separator: "/", omittingEmptySubsequences: false)
            let valid =
                (origin.hasPrefix("http://") || origin.hasPrefix("https://")) && parts.count == 3 && !parts[2].isEmpty
                && !origin.contains(where: \.isWhitespace)
            if !valid {
                throw SettingsError(
                    "CORS origin (--cors-origins / FNE_CORS_ORIGINS) must be * or scheme://host[:port] without a path, got '\(origin)'"
                )
            }
        }
        return origins
    }
}

/// A setting that cannot be used; its message says which and why.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
