import Foundation

/// A JSON value, to store and compare the fields of a change without knowing their types.
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each type tried and missed costs a thrown error: the most frequent first (a field is
        // text or a number more often than a flag). No JSON value decodes as two of them, but
        // a whole number is tried as an integer before a double.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The fields of an encodable value, as a JSON object (dates in ISO 8601), as its JSON text
    /// would read back (``JSONValueEncoder``).
    static func fields(of value: some Encodable) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValueEncoder().encode(value) else { return [:] }
        return fields
    }
}
