/// An instant kept exactly as the client sent it, offset included (`2025-03-10T14:00:00+01:00`):
/// the contract's `OffsetDateTime` schema (`format: date-time`, so that generated clients read
/// it as a date and time), which the generator maps to this type (`typeOverrides` in
/// openapi-generator-config.yaml) instead of `Foundation.Date`, which would drop the offset.
/// The domain parses and validates the text; here it is only carried.
package struct OffsetInstant: Codable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The text as sent.
    package var text: String

    package init(_ text: String) { self.text = text }

    package init(stringLiteral value: String) { self.text = value }

    package init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    package var description: String { text }
}
