import Roadmap

/// `GET /docs`: the reference of the API as one HTML page, built once at start from the
/// contract the server serves. No script, no external resource (styles inline, system
/// fonts), so it works offline; written for RGAA: one `h1`, headings in order, landmarks, a
/// skip link, a table of contents, tables with captions and header scopes, visible focus.
struct ReferencePage {
    let reference: APIReference

    var html: String {
        let title = "API reference — \(reference.title) \(reference.version)"
        let page: Markup = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(title)</title>
            <link rel="icon" href="data:,">
            <style>\(Self.style)</style>
            </head>
            <body>
            <a class="skip-link" href="#content">Skip to the content</a>
            <header class="page-header">
            <p class="eyebrow">\(reference.title) \(reference.version) · OpenAPI \(reference.openAPIVersion)</p>
            <h1>API reference</h1>
            \(reference.summary.map { "<p class=\"lead\">\(Prose.inline($0))</p>" as Markup } ?? .empty)
            </header>
            <div class="layout">
            \(contents)
            <main id="content">
            \(overview)
            \(access)
            \(reference.modules.map(module))
            \(schemas)
            </main>
            </div>
            \(footer)
            </body>
            </html>

            """
        return page.html
    }

    private var contents: Markup {
        let modules = reference.modules.map { module -> Markup in
            let operations = module.operations.map { operation -> Markup in
                """
                <li><a href="#\(operation.id)"><span class="toc-method">\(operation.method)</span> \
                <span class="toc-path">\(operation.path)</span></a></li>
                """
            }
            return "<li><a href=\"#\(module.anchor)\">\(module.name)</a><ol>\(operations)</ol></li>"
        }
        return """
            <nav class="toc" aria-labelledby="toc-heading">
            <h2 id="toc-heading">Contents</h2>
            <ol>
            <li><a href="#overview">Overview</a></li>
            <li><a href="#access">Access and roles</a></li>
            \(modules)
            <li><a href="#schemas">Schemas</a></li>
            </ol>
            </nav>
            """
    }

    private var overview: Markup {
        """
        <section id="overview">
        <h2>Overview</h2>
        \(reference.description.map(Prose.blocks) ?? .empty)
        <p>The contract itself, from which this page is made: <a href="/openapi.yaml">/openapi.yaml</a> \
        (YAML) and <a href="/openapi.json">/openapi.json</a> (JSON). The examples call \
        <code>\(reference.serverURL)</code>; set <code>TOKEN</code> to an API token where one is needed.</p>
        </section>
        """
    }

    /// Each role, what it means for a caller, and how many operations need it.
    private var access: Markup {
        let operations = reference.operations
        let rows: [(Markup, Markup, Int)] =
            [
                (
                    "<strong>public</strong>",
                    "no token",
                    operations.filter { $0.access.requirement == .open }.count
                )
            ]
            + AccessRole.allCases.map { role in
                (
                    roleName(role),
                    Self.tokenRule(for: role, token: role == .reader ? .optional : .required),
                    operations.filter { $0.access.requirement == .role(role) }.count
                )
            }
            + [
                (
                    "<strong>personal data</strong>",
                    """
                    a token always (contacts are personal data): the role reader when the server runs \
                    with <code>FNE_READ_ACCESS=token</code>, editor or admin when reads are public
                    """,
                    operations.filter { $0.access.requirement == .personalData }.count
                )
            ]
        let body = rows.map { name, rule, count -> Markup in
            "<tr><th scope=\"row\">\(name)</th><td>\(rule)</td><td>\(count)</td></tr>"
        }
        return """
            <section id="access">
            <h2>Access and roles</h2>
            <p>Each operation below says the least role it needs. Send a token as \
            <code>Authorization: Bearer &lt;token&gt;</code>; a role includes the ones before it \
            (reader, then editor, then admin). No token where one is needed is a 401, a token \
            without the role a 403.</p>
            <table>
            <caption>Roles</caption>
            <thead><tr><th scope="col">Role</th><th scope="col">Token</th>\
            <th scope="col">Operations</th></tr></thead>
            <tbody>\(body)</tbody>
            </table>
            </section>
            """
    }

    /// `editor` with its French label: `editor (Édition)`.
    func roleName(_ role: AccessRole) -> Markup {
        let name: Markup = "<strong>\(role.rawValue)</strong>"
        guard let label = reference.roleLabels[role.rawValue] else { return name }
        return name + " (<span lang=\"fr\">\(label)</span>)"
    }

    static func tokenRule(for role: AccessRole, token: APIReference.Access.Token) -> Markup {
        switch token {
        case .none:
            "no token"
        case .optional:
            """
            no token needed while reads are public (the default); a token of any role when the \
            server runs with <code>FNE_READ_ACCESS=token</code>
            """
        case .required:
            switch role {
            case .reader: "a token of any role"
            case .editor: "a token with the role editor or admin"
            case .admin: "a token with the role admin"
            }
        }
    }

    private var footer: Markup {
        let licence =
            reference.licence.map { licence -> Markup in
                let name: Markup = "<span lang=\"fr\">\(licence.name)</span>"
                let linked: Markup = licence.url.map { "<a href=\"\($0)\">\(name)</a>" } ?? name
                return " Licence of the contract: " + linked + "."
            } ?? .empty
        return """
            <footer class="page-footer">
            <p>Made by this server from its contract, \(reference.title) \(reference.version), \
            when it started.\(licence)</p>
            </footer>
            """
    }
}
