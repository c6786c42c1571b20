import Yams

/// What a schema of the contract says, for people: its type in words (a named schema is a
/// link to its section of the page), its rules (values, bounds, lengths, default), and its
/// fields: the properties of the schema and of the parts of its `allOf`, `$ref`s resolved,
/// properties of inline objects listed under their parent (`timeline[].period`).
struct SchemaReader {
    /// One row of a table of fields.
    struct Field {
        /// `title`, or `territory.code` and `items[].id` for a field of an inline object.
        let name: String
        let type: Markup
        let required: Bool
        let description: Markup
        /// The field's schema, as written where it is declared.
        let schema: Node
    }

    let root: Node

    /// The name of the component a `$ref` points to (`#/components/schemas/Axis` → `Axis`).
    func referenceName(_ node: Node?) -> String? {
        guard let reference = node?["$ref"]?.string, reference.hasPrefix("#/components/") else { return nil }
        return reference.split(separator: "/").last.map(String.init)
    }

    /// The node a `$ref` points to, following chains; the node itself when it is no reference.
    func resolved(_ node: Node) -> Node {
        var node = node
        for _ in 0..<8 {
            guard let reference = node["$ref"]?.string, reference.hasPrefix("#/") else { return node }
            var target: Node? = root
            for part in reference.dropFirst(2).split(separator: "/") {
                let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                target = target?[key]
            }
            guard let target else { return node }
            node = target
        }
        return node
    }

    /// The id of a named schema's section of the page.
    static func anchor(ofSchema name: String) -> String { "schema-" + name }

    /// The type in words: `integer (int64)`, `array of Axis`, `string or null`, `one of A, B`.
    func type(of node: Node) -> Markup {
        if let name = referenceName(node) {
            return "<a href=\"#\(Self.anchor(ofSchema: name))\"><code>\(name)</code></a>"
        }
        for keyword in ["oneOf", "anyOf"] {
            if let variants = node[keyword]?.array(), !variants.isEmpty {
                return "one of " + variants.map(type(of:)).joined(separator: ", ")
            }
        }
        if let parts = node["allOf"]?.array(), !parts.isEmpty {
            return parts.count == 1 ? type(of: parts[0]) : "object"
        }
        let types = node["type"].map { $0.sequence == nil ? [$0.string ?? ""] : $0.array(of: String.self) } ?? []
        var words: [Markup] = types.filter { $0 != "null" }.map { type in
            switch type {
            case "array":
                return "array of " + (node["items"].map(self.type(of:)) ?? "any")
            case "object":
                if node["properties"] == nil, let values = node["additionalProperties"], values.mapping != nil {
                    return "map of name to " + self.type(of: values)
                }
                return "object"
            default:
                return node["format"]?.string.map { "\(type) (\($0))" } ?? Markup(text: type)
            }
        }
        if words.isEmpty { words = [node["enum"] == nil ? "any" : "string"] }
        if types.contains("null") { words.append("null") }
        return words.joined(separator: " or ")
    }

    /// The rules of a value, as sentences: its values, bounds, lengths, default.
    func rules(of node: Node) -> Markup {
        var sentences: [Markup] = []
        // A named enum (`ActionStatus`) lists its values where it is used.
        let target = resolved(node)
        let items = target["type"]?.string == "array" ? target["items"].map(resolved) : nil
        if let values = (target["enum"] != nil ? target : items)?["enum"]?.array(), !values.isEmpty {
            let owner = target["enum"] != nil ? target : items!
            let labels = owner["x-enum-labels"]?.array(of: String.self) ?? []
            let listed = values.enumerated().map { index, value -> Markup in
                let text: Markup = "<code>\(value.string ?? "")</code>"
                guard labels.count == values.count else { return text }
                return text + " (<span lang=\"fr\">\(labels[index])</span>)"
            }
            sentences.append("Values: " + listed.joined(separator: ", ") + ".")
        }
        if let value = node["default"] ?? target["default"], let text = value.string {
            sentences.append("Default: <code>\(text)</code>.")
        }
        if let range = Self.range(node["minimum"]?.string, node["maximum"]?.string, unit: "") {
            sentences.append(range)
        }
        if let range = Self.range(node["minLength"]?.string, node["maxLength"]?.string, unit: " characters") {
            sentences.append(range)
        }
        if let range = Self.range(node["minItems"]?.string, node["maxItems"]?.string, unit: " items") {
            sentences.append(range)
        }
        if node["uniqueItems"]?.bool == true { sentences.append("No value twice.") }
        if let pattern = node["pattern"]?.string, pattern.count <= 40 {
            sentences.append("Pattern: <code>\(pattern)</code>.")
        }
        if node["readOnly"]?.bool == true { sentences.append("Read-only: set by the server.") }
        if node["deprecated"]?.bool == true { sentences.append("Deprecated.") }
        return sentences.joined(separator: " ")
    }

    /// The description of a value (the one written beside a `$ref`, else the target's), then
    /// its rules.
    func description(of node: Node) -> Markup {
        let text = node["description"]?.string ?? resolved(node)["description"]?.string
        let rules = rules(of: node)
        return (text.map(Prose.blocks) ?? .empty) + (rules.isEmpty ? .empty : "<p>\(rules)</p>")
    }

    /// The fields of a schema, in the order of the contract.
    func fields(of node: Node) -> [Field] {
        fields(of: node, prefix: "", depth: 0)
    }

    private func fields(of node: Node, prefix: String, depth: Int) -> [Field] {
        let (properties, required) = collect(resolved(node))
        var fields: [Field] = []
        for (name, property) in properties {
            fields.append(
                Field(
                    name: prefix + name, type: type(of: property), required: required.contains(name),
                    description: description(of: property), schema: property))
            guard depth < 3 else { continue }
            if referenceName(property) == nil, property["properties"] != nil {
                fields += self.fields(of: property, prefix: prefix + name + ".", depth: depth + 1)
            } else if let items = property["items"], referenceName(items) == nil, items["properties"] != nil {
                fields += self.fields(of: items, prefix: prefix + name + "[].", depth: depth + 1)
            }
        }
        return fields
    }

    /// The properties of a schema and of its `allOf` parts, and the names it requires.
    func collect(_ schema: Node) -> (properties: [(String, Node)], required: Set<String>) {
        var properties: [(String, Node)] = []
        var required = Set(schema["required"]?.array(of: String.self) ?? [])
        for part in schema["allOf"]?.array() ?? [] {
            let (partProperties, partRequired) = collect(resolved(part))
            for property in partProperties where !properties.contains(where: { $0.0 == property.0 }) {
                properties.append(property)
            }
            required.formUnion(partRequired)
        }
        for (key, value) in schema["properties"]?.mapping ?? [:] {
            guard let name = key.string else { continue }
            if let index = properties.firstIndex(where: { $0.0 == name }) {
                properties[index] = (name, value)
            } else {
                properties.append((name, value))
            }
        }
        return (properties, required)
    }

    /// The variants of a `oneOf` or `anyOf`.
    func variants(of node: Node) -> [Node] {
        let schema = resolved(node)
        return schema["oneOf"]?.array() ?? schema["anyOf"]?.array() ?? []
    }

    /// `From 1 to 500.`, `At least 1 character.`, `At most 5 items.`
    private static func range(_ minimum: String?, _ maximum: String?, unit: String) -> Markup? {
        let unit = { (count: String) in count == "1" && unit.hasSuffix("s") ? String(unit.dropLast()) : unit }
        switch (minimum, maximum) {
        case (let minimum?, let maximum?): return "From \(minimum) to \(maximum)\(unit(maximum))."
        case (let minimum?, nil): return "At least \(minimum)\(unit(minimum))."
        case (nil, let maximum?): return "At most \(maximum)\(unit(maximum))."
        case (nil, nil): return nil
        }
    }
}
