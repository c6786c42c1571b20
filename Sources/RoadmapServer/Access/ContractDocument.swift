import Foundation
import Yams

/// The paths of openapi.yaml, parsed once at start for the rules the server reads from its
/// contract (``AccessPolicy``, ``QueryParameterRules``).
struct ContractDocument {
    let paths: [String: Any]
    let components: [String: Any]

    init(_ data: Data) throws {
        guard let root = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any],
            let paths = root["paths"] as? [String: Any]
        else { throw PolicyError("openapi.yaml has no paths") }
        self.paths = paths
        self.components = root["components"] as? [String: Any] ?? [:]
    }

    /// The YAML document as JSON, keys sorted. Timestamps are not resolved (a date in an
    /// example stays the text it is in the YAML, as JSON has no dates).
    static func json(from yaml: Data) throws -> Data {
        let root = try Yams.load(yaml: String(decoding: yaml, as: UTF8.self), Resolver.default.removing(.timestamp))
        guard let root, JSONSerialization.isValidJSONObject(root) else {
            throw PolicyError("openapi.yaml does not convert to JSON")
        }
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The HTTP methods that name operations in a path item.
    static let methods: Set<String> = ["get", "put", "post", "patch", "delete"]
}
