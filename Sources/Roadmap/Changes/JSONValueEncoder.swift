import Foundation

/// Encodes a value straight into a ``JSONValue``: what encoding it to JSON text and decoding
/// that text back gives (dates as ISO 8601 text, data as base64, whole numbers as integers),
/// without the text. Every write encodes the resource before and after it for the change log;
/// the round trip through text, with a thrown error for each type tried on each value, was
/// half of the change log's cost (issue 18).
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        try Self.box(value, codingPath: [])
    }

    /// The value of one `Encodable`, the few types JSONEncoder writes its own way first.
    static func box(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue {
        switch value {
        case let date as Date: return .string(date.formatted(.iso8601))
        case let data as Data: return .string(data.base64EncodedString())
        case let url as URL: return .string(url.absoluteString)
        case let decimal as Decimal: return number(NSDecimalNumber(decimal: decimal).doubleValue)
        default:
            let encoder = ValueEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.storage.value ?? .object([:])
        }
    }

    /// A number as the JSON round trip reads it back: an integer when it is a whole one.
    static func number(_ value: Double) -> JSONValue {
        if value.rounded() == value, let integer = Int64(exactly: value) { return .integer(integer) }
        return .number(value)
    }

    static func integer(_ value: some BinaryInteger) -> JSONValue {
        Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value))
    }
}

/// Where a container writes: a value, or an object or an array filled in place.
private final class Slot {
    enum Kind {
        case empty
        case value(JSONValue)
        case object
        case array
    }

    var kind = Kind.empty
    var fields: [String: Slot] = [:]
    var items: [Slot] = []

    var value: JSONValue? {
        switch kind {
        case .empty: return nil
        case .value(let value): return value
        case .object: return .object(fields.compactMapValues(\.value))
        case .array: return .array(items.map { $0.value ?? .null })
        }
    }

    func set(_ value: JSONValue) { kind = .value(value) }

    func object() -> Slot {
        if case .object = kind { return self }
        kind = .object
        fields = [:]
        return self
    }

    func array() -> Slot {
        if case .array = kind { return self }
        kind = .array
        items = []
        return self
    }

    func child(_ key: String) -> Slot {
        if let slot = fields[key] { return slot }
        let slot = Slot()
        fields[key] = slot
        return slot
    }

    func append() -> Slot {
        let slot = Slot()
        items.append(slot)
        return slot
    }
}

private struct ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let storage: Slot

    init(codingPath: [any CodingKey], storage: Slot = Slot()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(codingPath: codingPath, slot: storage.object()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(codingPath: codingPath, slot: storage.array())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(codingPath: codingPath, slot: storage)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let codingPath: [any CodingKey]
    let slot: Slot

    private func put(_ value: JSONValue, _ key: Key) { slot.child(key.stringValue).set(value) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(JSONValueEncoder.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(JSONValueEncoder.number(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(JSONValueEncoder.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try JSONValueEncoder.box(value, codingPath: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(
            KeyedContainer<NestedKey>(codingPath: codingPath + [key], slot: slot.child(key.stringValue).object()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedContainer(codingPath: codingPath + [key], slot: slot.child(key.stringValue).array())
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(codingPath: codingPath, storage: slot.child("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(codingPath: codingPath + [key], storage: slot.child(key.stringValue))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let codingPath: [any CodingKey]
    let slot: Slot
    var count: Int { slot.items.count }

    private func put(_ value: JSONValue) { slot.append().set(value) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(JSONValueEncoder.number(value)) }
    mutating func encode(_ value: Int) throws { put(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        put(try JSONValueEncoder.box(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(codingPath: codingPath, slot: slot.append().object()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(codingPath: codingPath, slot: slot.append().array())
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(codingPath: codingPath, storage: slot.append())
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    let slot: Slot

    mutating func encodeNil() throws { slot.set(.null) }
    mutating func encode(_ value: Bool) throws { slot.set(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.set(.string(value)) }
    mutating func encode(_ value: Double) throws { slot.set(JSONValueEncoder.number(value)) }
    mutating func encode(_ value: Int) throws { slot.set(JSONValueEncoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { slot.set(.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        slot.set(try JSONValueEncoder.box(value, codingPath: codingPath))
    }
}
