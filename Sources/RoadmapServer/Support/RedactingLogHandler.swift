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
        guard mightHoldSecret(text) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.stringByReplacingMatches(in: text, range: range, withTemplate: "[redacted]")
    }

    /// Whether `text` holds `fne_` or `bearer` in any case: a scan of its UTF-8 bytes, as every
    /// log line goes through it (Foundation's `contains` and `localizedCaseInsensitiveContains`
    /// cost a tenth of a request on the `/health` path).
    static func mightHoldSecret(_ text: String) -> Bool {
        let needles: [[UInt8]] = [Array("fne_".utf8), Array("bearer".utf8)]
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 4 else { return false }
            for start in 0..<bytes.count {
                for needle in needles where start + needle.count <= bytes.count {
                    var matched = true
                    for (offset, expected) in needle.enumerated() {
                        let byte = bytes[start + offset]
                        // ASCII letters compare without case; `_` only as itself.
                        let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                        if folded != expected {
                            matched = false
                            break
                        }
                    }
                    if matched { return true }
                }
            }
            return false
        }
    }

    private static let pattern = try! NSRegularExpression(
        pattern: #"fne_[A-Za-z0-9_\-]+|(?i:bearer)\s+[^\s"',;]+"#)
}
