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

    /// The HTTP methods that name operations in a path item.
    static let methods: Set<String> = ["get", "put", "post", "patch", "delete"]
}
