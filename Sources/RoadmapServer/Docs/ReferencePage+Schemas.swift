import Yams

extension ReferencePage {
    /// Every named schema of the contract, in its order, with an index of links first.
    var schemas: Markup {
        let index = reference.schemas.map { schema -> Markup in
            "<li><a href=\"#\(SchemaReader.anchor(ofSchema: schema.name))\"><code>\(schema.name)</code></a></li>"
        }
        return """
            <section id="schemas">
            <h2>Schemas</h2>
            <p>The types of the bodies above, and the types of their fields.</p>
            <ul class="schema-index">\(index)</ul>
            \(reference.schemas.map { self.schema(name: $0.name, node: $0.schema) })
            </section>
            """
    }

    private func schema(name: String, node: Node) -> Markup {
        let reader = reference.schemaReader
        var parts: [Markup] = [
            """
            <section class="schema" id="\(SchemaReader.anchor(ofSchema: name))">
            <h3>\(name)</h3>
            \(node["description"]?.string.map(Prose.blocks) ?? .empty)
            """
        ]
        let fields = reader.fields(of: node)
        let variants = reader.variants(of: node)
        if !fields.isEmpty {
            parts.append(fieldTable(fields, caption: "Fields of <code>\(name)</code>"))
        } else if !variants.isEmpty {
            let links = variants.map { "<li>\(reader.type(of: $0))</li>" as Markup }
            parts.append("<p>One of:</p><ul>\(links)</ul>")
        } else {
            let rules = reader.rules(of: node)
            parts.append("<p>Type: \(reader.type(of: node)).\(rules.isEmpty ? .empty : " " + rules)</p>")
        }
        if let property = node["discriminator"]?["propertyName"]?.string {
            parts.append("<p>The field <code>\(property)</code> says which.</p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }
}
