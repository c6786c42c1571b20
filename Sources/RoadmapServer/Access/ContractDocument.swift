import Foundation
import Yams

/// openapi.yaml, parsed once at start for what the server reads from its contract
/// (``AccessPolicy``, ``QueryParameterRules``, `GET /openapi.json`, the reference page of
/// `GET /docs`). Timestamps are not resolved: a date in an example stays the text it is in the
/// YAML, as JSON has no dates.
struct ContractDocument {
    /// The document as parsed, in the order of the YAML (the reference page follows it).
    let root: Node
    let paths: [String: Any]
    let components: [String: Any]
    /// The same document as plain values (`[String: Any]`, `[Any]`, scalars).
    private let object: [String: Any]

    init(_ data: Data) throws {
        guard
            let root = try Yams.compose(
                yaml: String(decoding: data, as: UTF8.self), Resolver.default.removing(.timestamp)),
            let object = root.any as? [String: Any], let paths = object["paths"] as? [String: Any]
        else { throw PolicyError("openapi.yaml has no paths") }
        self.root = root
        self.object = object
        self.paths = paths
        self.components = object["components"] as? [String: Any] ?? [:]
    }

    /// The document as JSON, keys sorted.
    func json() throws -> Data {
        guard JSONSerialization.isValidJSONObject(object) else {
            throw PolicyError("openapi.yaml does not convert to JSON")
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The HTTP methods that name operations in a path item.
    static let methods: Set<String> = ["get", "put", "post", "patch", "delete"]
}
