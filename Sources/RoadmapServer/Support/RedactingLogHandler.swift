import Foundation
import Logging

/// A second line of defence for secrets: wraps the real log handler and masks anything shaped
/// like an API token (`fne_<id>_<secret>`) or a bearer credential in messages and metadata,
/// whatever code wrote them. The first line is that no code logs requests or their headers
/// (see ``ProblemMiddleware``); this catches what a library might still print.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler

    public init(_ wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(Self.redact(event.message.description))"
        event.metadata = event.metadata.map { $0.mapValues(Self.redact) }
        wrapped.log(event: event)
    }

    static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(redact(text))
        case .stringConvertible(let convertible): return .string(redact(convertible.description))
        case .array(let values): return .array(values.map(redact))
        case .dictionary(let values): return .dictionary(values.mapValues(redact))
        }
    }

    /// The text with every token and bearer credential replaced by `[redacted]`.
    static func redact(_ text: String) -> String {
        guard text.contains("fne_") || text.localizedCaseInsensitiveContains("bearer") else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.stringByReplacingMatches(in: text, range: range, withTemplate: "[redacted]")
    }

    private static let pattern = try! NSRegularExpression(
        pattern: #"fne_[A-Za-z0-9_\-]+|(?i:bearer)\s+[^\s"',;]+"#)
}
