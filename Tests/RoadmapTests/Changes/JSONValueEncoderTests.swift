import Foundation
import GRDB
import Testing

@testable import Roadmap

/// The change log's fields are encoded straight into `JSONValue` (issue 18): they must be
/// what the JSON text of the same value read back gave before.
@Suite("Fields encoded for the change log")
struct JSONValueEncoderTests {
    /// The former way: JSON text (dates in ISO 8601), decoded back.
    static func throughText(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try JSONDecoder().decode(JSONValue.self, from: encoder.encode(value))
    }

    struct Sample: Encodable {
        enum Kind: String, Encodable { case small, large }
        struct Part: Encodable {
            var name: String
            var count: Int
        }
        var text = "Médiation « numérique » \\ \"quoted\" / slash"
        var integer: Int64 = -42
        var whole = 2.0
        var fraction = 0.125
        var flag = true
        var missing: String? = nil
        var present: String? = "here"
        var day = CalendarDate("2025-01-24")
        var instant = Date(timeIntervalSince1970: 1_737_712_800)
        var bytes = Data([0, 1, 2, 250])
        var kind = Kind.large
        var list: [Int64] = [3, 1, 2]
        var empty: [String] = []
        var parts = [Part(name: "a", count: 1), Part(name: "b", count: 2)]
        var nested: [[Int]] = [[1], [], [2, 3]]
        var table = ["x": 1.5, "y": 3]
        var nothing: [String: String] = [:]
    }

    @Test("a value of every shape gives what its JSON text read back gives")
    func everyShape() throws {
        // setup
        let sample = Sample()
        // MUT, validate
        #expect(try JSONValueEncoder().encode(sample) == Self.throughText(sample))
        #expect(try JSONValueEncoder().encode([Sample(), Sample()]) == Self.throughText([Sample(), Sample()]))
        #expect(try JSONValueEncoder().encode("alone") == Self.throughText("alone"))
        #expect(try JSONValueEncoder().encode(Optional<Int>.none) == Self.throughText(Optional<Int>.none))
    }

    @Test("every action and partner of a generated roadmap, as the change log shows them, encodes as before")
    func generatedResources() async throws {
        // setup: the Gers partners, and generated actions with dates, budgets and contributors
        let services = try makeServices()
        try await LargeRoadmapGenerator.generate(
            into: services.database, counts: .init(partners: 40, actions: 300, envelopes: 5),
            clock: .fixed(testInstant))
        let actions = try await services.actions.list(ActionQuery(page: try PageRequest(limit: 500))).items
        let partners = try await services.partners.list(PartnerQuery(page: try PageRequest(limit: 500))).items
        #expect(!actions.isEmpty && !partners.isEmpty)
        // MUT, validate
        for action in actions {
            let entry = ActionDetail.LogEntry(detail: action)
            #expect(try JSONValue.fields(of: entry) == Self.fieldsThroughText(entry))
        }
        for partner in partners {
            let entry = PartnerDetail.LogEntry(detail: partner)
            #expect(try JSONValue.fields(of: entry) == Self.fieldsThroughText(entry))
        }
    }

    static func fieldsThroughText(_ value: some Encodable) throws -> [String: JSONValue] {
        guard case .object(let fields) = try throughText(value) else { return [:] }
        return fields
    }

    @Test(
        "JSON text decodes into the value of its type, whatever order the types are tried in",
        arguments: [
            ("true", JSONValue.bool(true)), ("false", .bool(false)), ("1", .integer(1)), ("-7", .integer(-7)),
            ("1.5", .number(1.5)), ("\"1\"", .string("1")), ("\"true\"", .string("true")), ("null", .null),
            ("[1,\"a\",null]", .array([.integer(1), .string("a"), .null])),
            ("{\"a\":{\"b\":[]}}", .object(["a": .object(["b": .array([])])])),
        ])
    func decodesByType(text: String, expected: JSONValue) throws {
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == expected)
    }
}
