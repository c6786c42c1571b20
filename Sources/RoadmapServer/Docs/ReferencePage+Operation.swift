import NIOHTTP1

extension ReferencePage {
    /// A module (a tag of the contract): its description and its operations.
    func module(_ module: APIReference.Module) -> Markup {
        """
        <section class="module" id="\(module.anchor)">
        <h2>\(module.name)</h2>
        \(module.description.map(Prose.blocks) ?? .empty)
        \(module.operations.map(operation))
        </section>
        """
    }

    /// One operation: what it does, who may call it, what it takes and answers, an example.
    func operation(_ operation: APIReference.Operation) -> Markup {
        let method = operation.method.lowercased()
        var parts: [Markup] = [
            """
            <section class="operation" id="\(operation.id)">
            <h3><span class="method method-\(method)">\(operation.method)</span> \
            <code class="path">\(operation.path)</code></h3>
            \(operation.summary.map { "<p class=\"summary\">\(Prose.inline($0))</p>" as Markup } ?? .empty)
            <dl class="facts">
            <dt>Role</dt><dd>\(role(of: operation))</dd>
            <dt>Operation id</dt><dd><code>\(operation.id)</code></dd>
            </dl>
            \(operation.description.map(Prose.blocks) ?? .empty)
            """
        ]
        if !operation.parameters.isEmpty { parts.append(parameters(of: operation)) }
        if let body = operation.requestBody { parts.append(requestBody(body, of: operation)) }
        parts.append(responses(of: operation))
        let errors = operation.responses.filter(\.isError)
        if !errors.isEmpty { parts.append(errorTable(errors, of: operation)) }
        let curl = CurlExample(reader: reference.schemaReader, serverURL: reference.serverURL).command(for: operation)
        parts.append(
            """
            <h4>Example</h4>
            <pre class="example"><code>\(curl)</code></pre>
            </section>
            """)
        return parts.joined(separator: "\n")
    }

    /// The role in words, as the server enforces it.
    func role(of operation: APIReference.Operation) -> Markup {
        switch operation.access.requirement {
        case .open:
            "<strong>public</strong>: no token"
        case .role(let role):
            roleName(role) + ": " + Self.tokenRule(for: role, token: operation.access.token)
        case .personalData:
            "<strong>personal data</strong>: a token always; the <code>reader</code> role when reads need a token (<code>FNE_READ_ACCESS=token</code>), <code>editor</code> when they are public"
        }
    }

    private func parameters(of operation: APIReference.Operation) -> Markup {
        let reader = reference.schemaReader
        let rows = operation.parameters.map { parameter -> Markup in
            let description =
                (parameter.description.map(Prose.blocks) ?? .empty)
                + (parameter.schema.map { schema in
                    let rules = reader.rules(of: schema)
                    return rules.isEmpty ? .empty : "<p>\(rules)</p>"
                } ?? .empty)
            return """
                <tr><th scope="row"><code>\(parameter.name)</code></th><td>\(parameter.location)</td>\
                <td>\(parameter.required ? "yes" : "no")</td>\
                <td>\(parameter.schema.map(reader.type(of:)) ?? "any")</td><td>\(description)</td></tr>
                """
        }
        return """
            <h4>Parameters</h4>
            <table class="fields">
            <caption>Parameters of <code>\(operation.id)</code></caption>
            <thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th>\
            <th scope="col">Type</th><th scope="col">Description</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
    }

    private func requestBody(_ body: APIReference.RequestBody, of operation: APIReference.Operation) -> Markup {
        let contents = body.contents.map { content in
            self.content(content, caption: "Fields of the request body of <code>\(operation.id)</code>")
        }
        return """
            <h4>Request body</h4>
            <p>\(body.required ? "Required." : "Optional.")</p>
            \(body.description.map(Prose.blocks) ?? .empty)
            \(contents)
            """
    }

    private func responses(of operation: APIReference.Operation) -> Markup {
        let answers = operation.responses.filter { !$0.isError }.map { response -> Markup in
            let headers = response.headers.map { header -> Markup in
                "<li><code>\(header.name)</code>\(header.description.map { ": " + Prose.inline($0) } ?? .empty)</li>"
            }
            let contents = response.contents.map { content in
                self.content(
                    content, caption: "Fields of the \(response.status) response of <code>\(operation.id)</code>")
            }
            return """
                <p class="status"><strong>\(Self.statusLine(response.status))</strong>\
                \(response.description.map { ": " + Prose.inline($0) } ?? .empty)</p>
                \(headers.isEmpty ? .empty : "<p>Headers:</p><ul class=\"headers\">\(headers)</ul>" as Markup)
                \(contents)
                """
        }
        return "<h4>Responses</h4>\n" + answers.joined(separator: "\n")
    }

    /// A body: its media types, its schema, and the table of its fields.
    private func content(_ content: APIReference.Content, caption: Markup) -> Markup {
        let reader = reference.schemaReader
        let mediaTypes = content.mediaTypes.map { "<code>\($0)</code>" as Markup }.joined(separator: ", ")
        guard let schema = content.schema else { return "<p>Body: \(mediaTypes).</p>" }
        let line: Markup = "<p>Body: \(mediaTypes), \(reader.type(of: schema)).</p>"
        let fields = reader.fields(of: schema)
        if fields.isEmpty {
            let variants = reader.variants(of: schema)
            guard !variants.isEmpty else { return line + reader.description(of: schema) }
            return line + "<p>One of: \(variants.map(reader.type(of:)).joined(separator: ", ")).</p>"
        }
        return line + fieldTable(fields, caption: caption)
    }

    /// A table of fields: name, type, whether required, description and rules.
    func fieldTable(_ fields: [SchemaReader.Field], caption: Markup) -> Markup {
        let rows = fields.map { field -> Markup in
            """
            <tr><th scope="row"><code>\(field.name)</code></th><td>\(field.type)</td>\
            <td>\(field.required ? "yes" : "no")</td><td>\(field.description)</td></tr>
            """
        }
        return """
            <table class="fields">
            <caption>\(caption)</caption>
            <thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th>\
            <th scope="col">Description</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
    }

    private func errorTable(_ errors: [APIReference.Response], of operation: APIReference.Operation) -> Markup {
        let reader = reference.schemaReader
        let rows = errors.map { response -> Markup in
            let bodies = response.contents.map { content -> Markup in
                let mediaTypes = content.mediaTypes.map { "<code>\($0)</code>" as Markup }.joined(separator: ", ")
                return content.schema.map { mediaTypes + ", " + reader.type(of: $0) } ?? mediaTypes
            }
            return """
                <tr><th scope="row">\(Self.statusLine(response.status))</th>\
                <td>\(response.description.map(Prose.inline) ?? .empty)</td>\
                <td>\(bodies.isEmpty ? "none" : bodies.joined(separator: "; "))</td></tr>
                """
        }
        return """
            <h4>Errors</h4>
            <table class="errors">
            <caption>Error responses of <code>\(operation.id)</code></caption>
            <thead><tr><th scope="col">Status</th><th scope="col">When</th><th scope="col">Body</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
    }

    /// `404 Not Found`.
    static func statusLine(_ status: String) -> Markup {
        guard let code = Int(status) else { return Markup(text: status) }
        let phrase = HTTPResponseStatus(statusCode: code).reasonPhrase
        return phrase.isEmpty ? Markup(text: status) : "\(status) \(phrase)"
    }
}
