import Crypto
import Foundation
import Roadmap

/// Strong entity tags: a digest of the representation's canonical JSON (sorted keys), so the
/// tag changes whenever any byte of what the client sees changes, embedded summaries included.
enum ETag {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// The quoted tag of a representation.
    static func of(_ representation: some Encodable) -> String {
        let data = (try? encoder.encode(representation)) ?? Data()
        let digest = SHA256.hash(data: data)
        return "\"" + Hex.string(digest.prefix(16)) + "\""
    }

    /// Whether an `If-Match` header value names `tag` (or is `*`). Strong comparison
    /// (RFC 9110 §13.1.1): a weak validator `W/"…"` never matches.
    static func header(_ value: String?, matches tag: String) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == tag
        }
    }

    /// Whether an `If-None-Match` header value names `tag` (or is `*`). Weak comparison
    /// (RFC 9110 §13.1.2): `W/"…"` matches the same opaque tag.
    static func header(_ value: String?, weaklyMatches tag: String) throws -> Bool {
        try validate(value, header: "If-None-Match")
        guard let value else { return false }
        return value.split(separator: ",").contains { candidate in
            var trimmed = candidate.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("W/") { trimmed.removeFirst(2) }
            return trimmed == "*" || trimmed == tag
        }
    }

    /// Refuses a conditional header that is not `*` or a comma-separated list of entity tags
    /// (`"…"` or `W/"…"`): an empty or garbled `If-Match` must not be mistaken for a stale one.
    static func validate(_ value: String?, header name: String) throws {
        guard let value else { return }
        let tokens = value.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let valid =
            !tokens.isEmpty
            && tokens.allSatisfy { token in
                if token == "*" { return tokens.count == 1 }
                let tag = token.hasPrefix("W/") ? String(token.dropFirst(2)) : token
                return tag.count >= 2 && tag.hasPrefix("\"") && tag.hasSuffix("\"")
                    && !tag.dropFirst().dropLast().contains("\"")
            }
        if !valid {
            throw RoadmapError.invalid(name, "must be * or a list of entity tags such as \"0a1b2c\"")
        }
    }

    /// A precondition for a domain write: the stored value, shown as `representation`, must
    /// still carry the tag the client sent in `If-Match`. Nil when the client sent none.
    static func precondition<Value, Representation: Encodable>(
        ifMatch: String?, _ representation: @escaping @Sendable (Value) -> Representation
    ) throws -> (@Sendable (Value) -> Bool)? {
        try validate(ifMatch, header: "If-Match")
        guard let ifMatch else { return nil }
        return { value in header(ifMatch, matches: of(representation(value))) }
    }
}
