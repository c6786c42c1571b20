import HTTPTypes

/// The query parameters of each operation that take a single value, read from openapi.yaml.
///
/// The generated decoder keeps the first of repeated values (`?limit=1&limit=2` lists one
/// item), a silent choice a script cannot see. The server refuses the repetition instead, with
/// a 400 naming the parameter. Parameters declared as arrays (`status`) may repeat.
struct QueryParameterRules: Sendable {
    /// "METHOD /path/{template}" → names of its single-valued query parameters.
    let singleValued: [String: Set<String>]

    init(contract: ContractDocument) {
        let components = contract.components
        func resolve(_ value: Any?) -> [String: Any]? {
            guard let object = value as? [String: Any] else { return nil }
            guard let reference = object["$ref"] as? String else { return object }
            // "#/components/<kind>/<name>"
            let parts = reference.split(separator: "/").map(String.init)
            guard parts.count == 4, parts[0] == "#", parts[1] == "components" else { return nil }
            return (components[parts[2]] as? [String: Any])?[parts[3]] as? [String: Any]
        }
        var singleValued: [String: Set<String>] = [:]
        for (path, item) in contract.paths {
            guard let operations = item as? [String: Any] else { continue }
            let shared = operations["parameters"] as? [Any] ?? []
            for (method, value) in operations where ContractDocument.methods.contains(method) {
                guard let operation = value as? [String: Any] else { continue }
                var names: Set<String> = []
                for parameter in shared + (operation["parameters"] as? [Any] ?? []) {
                    guard let parameter = resolve(parameter), parameter["in"] as? String == "query",
                        let name = parameter["name"] as? String
                    else { continue }
                    if resolve(parameter["schema"])?["type"] as? String != "array" { names.insert(name) }
                }
                singleValued["\(method.uppercased()) \(path)"] = names
            }
        }
        self.singleValued = singleValued
    }

    /// The first single-valued parameter that `query` repeats, if any.
    func repeatedParameter(method: HTTPRequest.Method, route: String, query: some Sequence<Substring>) -> String? {
        let name = method == .head ? "GET" : method.rawValue
        guard let names = singleValued["\(name) \(route)"], !names.isEmpty else { return nil }
        var seen: Set<String> = []
        for rawKey in query {
            // Keys are compared decoded, as the generated decoder reads them (`li%6Dit` is `limit`).
            let key = String(rawKey).removingPercentEncoding ?? String(rawKey)
            if names.contains(key), !seen.insert(key).inserted { return key }
        }
        return nil
    }
}
