import Foundation
import Yams

/// A curl command for an operation, to copy into a shell: its path with example values, the
/// token it needs, and for a body the fields its schema requires, with example values (the
/// contract's `example`, else its first value or default, else one of the right type).
struct CurlExample {
    let reader: SchemaReader
    let serverURL: String

    func command(for operation: APIReference.Operation) -> String {
        var path = operation.path
        var query: [String] = []
        var headers: [String] = []
        for parameter in operation.parameters where parameter.required {
            let value = parameter.schema.map { text(example($0, depth: 0)) } ?? "1"
            switch parameter.location {
            case "path": path = path.replacingOccurrences(of: "{\(parameter.name)}", with: value)
            case "query": query.append("\(parameter.name)=\(value)")
            case "header": headers.append("\(parameter.name): \(value)")
            default: break
            }
        }
        let url = serverURL + path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        var lines = ["curl -s" + (operation.method == "GET" ? "" : " -X \(operation.method)") + " " + Self.quoted(url)]
        if operation.access.token == .required {
            lines.append("-H \"Authorization: Bearer $TOKEN\"")
        }
        lines += headers.map { "-H " + Self.quoted($0) }
        if let body = operation.requestBody,
            let content = body.contents.first(where: { $0.mediaTypes.contains("application/json") })
                ?? body.contents.first
        {
            let mediaType = content.mediaTypes.contains("application/json") ? "application/json" : content.mediaTypes[0]
            if mediaType == "multipart/form-data", let schema = content.schema {
                lines += formFields(schema)
            } else {
                lines.append("-H " + Self.quoted("Content-Type: \(mediaType)"))
                if let schema = content.schema { lines.append("-d " + Self.quoted(render(example(schema, depth: 0)))) }
            }
        }
        return lines.joined(separator: " \\\n  ")
    }

    /// An upload form as curl sends it (`-F`, which sets the multipart Content-Type): a file
    /// for each binary field, an example value for the others; the required fields only.
    func formFields(_ schema: Node) -> [String] {
        let (properties, required) = reader.collect(reader.resolved(schema))
        return properties.filter { required.contains($0.0) }.map { name, property in
            let resolved = reader.resolved(property)
            if resolved["format"]?.string == "binary" || resolved["contentMediaType"] != nil {
                return "-F " + Self.quoted("\(name)=@document.pdf")
            }
            return "-F " + Self.quoted("\(name)=\(text(example(property, depth: 1)))")
        }
    }

    /// A JSON value whose objects keep the order of the contract.
    indirect enum Value {
        case string(String)
        case integer(Int)
        case number(Double)
        case boolean(Bool)
        case null
        case array([Value])
        case object([(String, Value)])
    }

    func example(_ node: Node, depth: Int) -> Value {
        let schema = reader.resolved(node)
        for candidate in [node, schema] {
            if let value = candidate["example"] ?? candidate["examples"]?.array().first { return Self.value(value.any) }
        }
        if let first = schema["enum"]?.array().first { return Self.value(first.any) }
        if let value = schema["default"] { return Self.value(value.any) }
        if let first = reader.variants(of: schema).first { return example(first, depth: depth + 1) }
        let types = schema["type"].map { $0.sequence == nil ? [$0.string ?? ""] : $0.array(of: String.self) } ?? []
        let type =
            types.first { $0 != "null" } ?? (schema["properties"] != nil || schema["allOf"] != nil ? "object" : "")
        switch type {
        case "object":
            let (properties, required) = reader.collect(schema)
            let writable = properties.filter {
                reader.resolved($0.1)["readOnly"]?.bool != true && $0.1["readOnly"]?.bool != true
            }
            let chosen = writable.filter { required.contains($0.0) }
            guard depth < 4 else { return .object([]) }
            return .object(
                (chosen.isEmpty ? Array(writable.prefix(1)) : chosen).map { ($0.0, example($0.1, depth: depth + 1)) })
        case "array":
            guard depth < 4, let items = schema["items"] else { return .array([]) }
            return .array([example(items, depth: depth + 1)])
        case "integer":
            let minimum = schema["minimum"]?.int ?? 1
            return .integer(Swift.min(Swift.max(minimum, 1), schema["maximum"]?.int ?? Int.max))
        case "number":
            return .number(1)
        case "boolean":
            return .boolean(true)
        case "string":
            switch schema["format"]?.string {
            case "date": return .string("2025-01-24")
            case "date-time": return .string("2025-01-24T09:00:00Z")
            case "email": return .string("contact@example.org")
            case "uri", "url": return .string("https://example.org/")
            default: return .string("text")
            }
        default:
            return .null
        }
    }

    private static func value(_ any: Any) -> Value {
        switch any {
        case let value as Bool: .boolean(value)
        case let value as Int: .integer(value)
        case let value as Double: .number(value)
        case let value as String: .string(value)
        case let values as [Any]: .array(values.map(value))
        case let object as [AnyHashable: Any]:
            .object(object.map { ("\($0.key)", value($0.value)) }.sorted { $0.0 < $1.0 })
        default: .null
        }
    }

    /// A value as it goes into a path, a query or a header.
    private func text(_ value: Value) -> String {
        switch value {
        case .string(let text): text
        default: render(value)
        }
    }

    func render(_ value: Value) -> String { Self.render(value) }

    /// JSON on one line: `{"number": 1, "title": "text"}`.
    static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): return jsonString(text)
        case .integer(let number): return String(number)
        case .number(let number): return number.rounded() == number ? String(Int(number)) : String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let values): return "[" + values.map(render).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { jsonString($0.0) + ": " + render($0.1) }.joined(separator: ", ") + "}"
        }
    }

    private static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// Quoted for a POSIX shell: single quotes, a `'` inside written `'\''`.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
