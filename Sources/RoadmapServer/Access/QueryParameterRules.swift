import Foundation
import HTTPTypes
import OpenAPIRuntime
import Roadmap

/// The query and path parameters of each operation, read from openapi.yaml, and the checks the
/// server makes on them before the generated decoder sees the request.
///
/// Why check here: the generated decoder fails on a malformed query string (`?late`, `?&`)
/// with a parser error, keeps the first of repeated values (`?limit=1&limit=2` lists one item,
/// a silent choice a script cannot see), and its decoding errors do not say which parameter
/// failed. Checking each parameter against its declared schema first gives a 400 that names
/// the parameter and the rule, from the same declarations clients read. Parameters declared
/// as arrays (`status`) may repeat. A parameter the operation does not declare is refused
/// too, naming the ones it accepts: a typo (`?stauts=done`) must not silently list everything.
struct QueryParameterRules: Sendable {
    /// What a parameter's value must be.
    struct Rule: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case integer(minimum: Int64?, maximum: Int64?)
            case boolean
            case dateTime
            case text(allowed: [String]?)
        }
        var kind: Kind
        /// Declared as an array: may repeat, each value checked.
        var repeats: Bool
        /// The array's `maxItems`: how many times it may repeat.
        var maxItems: Int? = nil
    }

    /// "METHOD /path/{template}" → its query parameters by name.
    let query: [String: [String: Rule]]
    /// "METHOD /path/{template}" → its path parameters by name.
    let path: [String: [String: Rule]]
    /// Every "METHOD /path/{template}" of the contract.
    let operations: Set<String>

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
        func kind(of schema: [String: Any]) -> Rule.Kind {
            switch schema["type"] as? String {
            case "integer":
                return .integer(
                    minimum: (schema["minimum"] as? Int).map(Int64.init),
                    maximum: (schema["maximum"] as? Int).map(Int64.init))
            case "boolean":
                return .boolean
            default:
                if schema["format"] as? String == "date-time" { return .dateTime }
                return .text(allowed: (schema["enum"] as? [Any])?.map { "\($0)" })
            }
        }
        var query: [String: [String: Rule]] = [:]
        var path: [String: [String: Rule]] = [:]
        var operationKeys: Set<String> = []
        for (template, item) in contract.paths {
            guard let operations = item as? [String: Any] else { continue }
            let shared = operations["parameters"] as? [Any] ?? []
            for (method, value) in operations where ContractDocument.methods.contains(method) {
                guard let operation = value as? [String: Any] else { continue }
                let key = "\(method.uppercased()) \(template)"
                operationKeys.insert(key)
                for parameter in shared + (operation["parameters"] as? [Any] ?? []) {
                    guard let parameter = resolve(parameter), let name = parameter["name"] as? String,
                        let location = parameter["in"] as? String, let schema = resolve(parameter["schema"])
                    else { continue }
                    let isArray = schema["type"] as? String == "array"
                    let rule = Rule(
                        kind: kind(of: isArray ? resolve(schema["items"]) ?? [:] : schema), repeats: isArray,
                        maxItems: isArray ? schema["maxItems"] as? Int : nil)
                    switch location {
                    case "query": query[key, default: [:]][name] = rule
                    case "path": path[key, default: [:]][name] = rule
                    default: break
                    }
                }
            }
        }
        self.query = query
        self.path = path
        self.operations = operationKeys
    }

    /// Checks the raw query string and every declared parameter of `route`; throws a
    /// `RoadmapError.invalid` naming the first faulty parameter.
    func check(
        method: HTTPRequest.Method, route: String, rawQuery: String?, pathParameters: [(name: String, value: String)]
    ) throws {
        let key = "\(method == .head ? "GET" : method.rawValue) \(route)"
        for (name, value) in pathParameters {
            // An id is checked for its type only: one out of the declared bounds (0, -1) names
            // nothing, a 404 like any id that does not exist.
            if var rule = path[key]?[name] {
                if case .integer = rule.kind { rule.kind = .integer(minimum: nil, maximum: nil) }
                guard let problem = Self.problem(with: value, for: rule) else { continue }
                throw RoadmapError.invalid(name, problem)
            }
        }
        guard let rawQuery, !rawQuery.isEmpty else { return }
        let rules = query[key] ?? [:]
        var seen: Set<String> = []
        var counts: [String: Int] = [:]
        // First the syntax of the whole query string, then each parameter: a malformed
        // string is named as such even after an unknown or faulty parameter.
        var parameters: [(name: String, value: String)] = []
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: false) {
            guard !pair.isEmpty else {
                throw RoadmapError.invalid(
                    "query", "is malformed: an empty parameter between '&' (write name=value&name=value)")
            }
            guard let equals = pair.firstIndex(of: "=") else {
                guard let name = Self.decoded(pair) else {
                    throw RoadmapError.invalid("query", "is malformed: a % must be followed by two hexadecimal digits")
                }
                throw RoadmapError.invalid(name, "needs a value: write \(name)=value")
            }
            guard let name = Self.decoded(pair[..<equals]), !name.isEmpty else {
                throw RoadmapError.invalid("query", "is malformed: '\(pair)' has no valid parameter name before '='")
            }
            guard let value = Self.decoded(pair[pair.index(after: equals)...]) else {
                throw RoadmapError.invalid(
                    name, "has an invalid percent escape (a % must be followed by two hexadecimal digits)")
            }
            parameters.append((name, value))
        }
        for (name, value) in parameters {
            guard let rule = rules[name] else {
                guard operations.contains(key) else { continue }
                throw RoadmapError.invalid(
                    name,
                    rules.isEmpty
                        ? "is not a parameter of this operation, which takes no query parameters"
                        : "is not a parameter of this operation; it accepts \(rules.keys.sorted().joined(separator: ", "))"
                )
            }
            if !rule.repeats, !seen.insert(name).inserted {
                throw RoadmapError.invalid(name, "takes one value; it was given more than once")
            }
            counts[name, default: 0] += 1
            if let maxItems = rule.maxItems, counts[name]! > maxItems {
                throw RoadmapError.invalid(
                    name, "takes at most \(maxItems) value\(maxItems == 1 ? "" : "s"); it was given more")
            }
            if let problem = Self.problem(with: value, for: rule) {
                throw RoadmapError.invalid(name, problem)
            }
        }
    }

    /// A query component decoded as the generated decoder reads it (`+` is a space); nil when
    /// its percent escapes are invalid.
    private static func decoded(_ component: Substring) -> String? {
        String(component).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)` naming a real day and time: the ISO 8601 parser
    /// rolls impossible dates over (2025-02-30 becomes 2 March) instead of refusing them.
    static func isRealInstant(_ value: String) -> Bool {
        let characters = Array(value.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= characters.count, range.allSatisfy({ (0x30...0x39).contains(characters[$0]) })
            else { return nil }
            return range.reduce(0) { $0 * 10 + Int(characters[$1] - 0x30) }
        }
        guard characters.count >= 20, characters[4] == 0x2D, characters[7] == 0x2D,
            characters[10] == 0x54 || characters[10] == 0x74,
            characters[13] == 0x3A, characters[16] == 0x3A,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// The transcoder the server gives the generated code (see `buildRouter`).
    private static let dates: ISO8601DateTranscoder = .iso8601

    /// What is wrong with `value` under `rule`, nil when it fits.
    static func problem(with value: String, for rule: Rule) -> String? {
        switch rule.kind {
        case .integer(let minimum, let maximum):
            guard let number = Int64(value) else {
                return
                    "must be a whole number between \(minimum ?? Int64.min) and \(maximum ?? Int64.max), got '\(value)'"
            }
            if let minimum, number < minimum { return "must be \(minimum) or more, got \(number)" }
            if let maximum, number > maximum { return "must be at most \(maximum), got \(number)" }
            return nil
        case .boolean:
            return value == "true" || value == "false" ? nil : "must be true or false, got '\(value)'"
        case .dateTime:
            return isRealInstant(value) && (try? dates.decode(value)) != nil
                ? nil
                : "must be an ISO 8601 date and time such as 2025-01-24T09:00:00Z (a day of the calendar, 00:00:00 to 23:59:59), got '\(value)'"
        case .text(let allowed):
            guard let allowed, !allowed.contains(value) else { return nil }
            return "must be one of \(allowed.joined(separator: ", ")), got '\(value)'"
        }
    }
}
