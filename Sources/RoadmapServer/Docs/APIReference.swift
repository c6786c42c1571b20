import HTTPTypes
import Roadmap
import Yams

/// The contract as the reference page of `GET /docs` presents it: the operations grouped by
/// module (their tag, in the order of the contract's `tags`), each with what it takes, what it
/// answers and who may call it. Read from the parsed contract, in the order of the YAML.
struct APIReference {
    struct Module {
        let name: String
        let description: String?
        var operations: [Operation]

        /// The id of the module's section (`module-working-groups`).
        var anchor: String { "module-" + APIReference.slug(name) }
    }

    struct Operation {
        let id: String
        /// Upper case: `GET`.
        let method: String
        let path: String
        let summary: String?
        let description: String?
        let access: Access
        let parameters: [Parameter]
        let requestBody: RequestBody?
        let responses: [Response]
    }

    /// Who may call an operation: the requirement the server enforces (``AccessPolicy``, read
    /// from `security: []` or `x-required-role`) and whether a token is sent at all (the
    /// operation's `security`, or the document's for the reader operations that inherit it).
    struct Access: Equatable {
        enum Token: Equatable {
            /// `security: []`.
            case none
            /// One of the requirements is `{}`: a token may be sent, none is needed.
            case optional
            case required
        }
        let requirement: AccessPolicy.Requirement
        let token: Token
    }

    struct Parameter {
        let name: String
        /// `path`, `query`, `header`.
        let location: String
        let required: Bool
        let description: String?
        let schema: Node?
    }

    /// Media types that carry the same schema (`application/json` and
    /// `application/merge-patch+json` for a patch), as one entry.
    struct Content {
        var mediaTypes: [String]
        let schema: Node?
    }

    struct RequestBody {
        let required: Bool
        let description: String?
        let contents: [Content]
    }

    struct Response {
        /// `200`, `404`, or `default`.
        let status: String
        let description: String?
        /// The name of the shared response it refers to (`NotFound`), if any.
        let sharedName: String?
        let headers: [(name: String, description: String?)]
        let contents: [Content]

        /// A 4xx or 5xx (or `default`): listed with the errors.
        var isError: Bool { Int(status).map { $0 >= 400 } ?? true }
    }

    let title: String
    let version: String
    let openAPIVersion: String
    let summary: String?
    let description: String?
    let licence: (name: String, url: String?)?
    /// The first server of the contract, for the curl examples.
    let serverURL: String
    let modules: [Module]
    /// `components/schemas`, in the order of the contract.
    let schemas: [(name: String, schema: Node)]
    let schemaReader: SchemaReader
    /// The French label of each role (the `x-enum-labels` of the `Role` schema).
    let roleLabels: [String: String]

    init(contract: ContractDocument, policy: AccessPolicy) throws {
        let root = contract.root
        let info = root["info"]
        title = info?["title"]?.string ?? "API"
        version = info?["version"]?.string ?? ""
        openAPIVersion = root["openapi"]?.string ?? ""
        summary = info?["summary"]?.string
        description = info?["description"]?.string
        licence = info?["license"].flatMap { node in
            node["name"]?.string.map { (name: $0, url: node["url"]?.string) }
        }
        serverURL = root["servers"]?.array().first?["url"]?.string ?? "http://127.0.0.1:8080"
        let reader = SchemaReader(root: root)
        schemaReader = reader
        schemas =
            (root["components"]?["schemas"]?.mapping).map { mapping in
                mapping.compactMap { key, value in key.string.map { (name: $0, schema: value) } }
            } ?? []
        let role = root["components"]?["schemas"]?["Role"]
        roleLabels = Dictionary(
            zip(role?["enum"]?.array(of: String.self) ?? [], role?["x-enum-labels"]?.array(of: String.self) ?? []),
            uniquingKeysWith: { first, _ in first })

        var modules = (root["tags"]?.array() ?? []).compactMap { tag in
            tag["name"]?.string.map { Module(name: $0, description: tag["description"]?.string, operations: []) }
        }
        let globalSecurity = root["security"]
        for (pathKey, item) in root["paths"]?.mapping ?? [:] {
            guard let path = pathKey.string, let operations = item.mapping else { continue }
            let shared = item["parameters"]?.array() ?? []
            for (methodKey, node) in operations {
                guard let method = methodKey.string, ContractDocument.methods.contains(method) else { continue }
                let upper = method.uppercased()
                guard let id = node["operationId"]?.string else {
                    throw PolicyError("\(upper) \(path) has no operationId")
                }
                guard let requirement = policy.requirement(method: HTTPRequest.Method(upper)!, route: path) else {
                    throw PolicyError("\(upper) \(path) has no access rule")
                }
                let operation = Operation(
                    id: id, method: upper, path: path, summary: node["summary"]?.string,
                    description: node["description"]?.string,
                    access: Access(
                        requirement: requirement, token: Self.token(node["security"] ?? globalSecurity)),
                    parameters: Self.parameters(shared: shared, own: node["parameters"]?.array() ?? [], reader),
                    requestBody: node["requestBody"].map { Self.requestBody(reader.resolved($0)) },
                    responses: Self.responses(node["responses"], reader))
                let tag = node["tags"]?.array().first?.string ?? "Other"
                if let index = modules.firstIndex(where: { $0.name == tag }) {
                    modules[index].operations.append(operation)
                } else {
                    modules.append(Module(name: tag, description: nil, operations: [operation]))
                }
            }
        }
        self.modules = modules.filter { !$0.operations.isEmpty }
    }

    var operations: [Operation] { modules.flatMap(\.operations) }

    /// Lower-case letters and digits, the rest turned into single hyphens.
    static func slug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug
    }

    private static func token(_ security: Node?) -> Access.Token {
        let requirements = security?.array() ?? []
        if requirements.isEmpty { return .none }
        return requirements.contains { ($0.mapping?.count ?? 0) == 0 } ? .optional : .required
    }

    /// The path item's parameters, then the operation's (which replace those of the same name
    /// and location).
    private static func parameters(shared: [Node], own: [Node], _ reader: SchemaReader) -> [Parameter] {
        var parameters: [Parameter] = []
        for node in shared + own {
            let node = reader.resolved(node)
            guard let name = node["name"]?.string, let location = node["in"]?.string else { continue }
            let parameter = Parameter(
                name: name, location: location, required: node["required"]?.bool ?? (location == "path"),
                description: node["description"]?.string, schema: node["schema"])
            if let index = parameters.firstIndex(where: { $0.name == name && $0.location == location }) {
                parameters[index] = parameter
            } else {
                parameters.append(parameter)
            }
        }
        return parameters
    }

    private static func requestBody(_ node: Node) -> RequestBody {
        RequestBody(
            required: node["required"]?.bool ?? false, description: node["description"]?.string,
            contents: contents(node["content"]))
    }

    private static func responses(_ node: Node?, _ reader: SchemaReader) -> [Response] {
        let responses = (node?.mapping ?? [:]).compactMap { key, value -> Response? in
            guard let status = key.string else { return nil }
            let response = reader.resolved(value)
            let headers = (response["headers"]?.mapping ?? [:]).compactMap { name, header in
                name.string.map { (name: $0, description: reader.resolved(header)["description"]?.string) }
            }
            return Response(
                status: status, description: response["description"]?.string,
                sharedName: reader.referenceName(value), headers: headers,
                contents: contents(response["content"]))
        }
        return responses.sorted { (Int($0.status) ?? 1000) < (Int($1.status) ?? 1000) }
    }

    private static func contents(_ node: Node?) -> [Content] {
        var contents: [Content] = []
        for (key, value) in node?.mapping ?? [:] {
            guard let mediaType = key.string else { continue }
            let schema = value["schema"]
            if let index = contents.firstIndex(where: { $0.schema == schema && schema != nil }) {
                contents[index].mediaTypes.append(mediaType)
            } else {
                contents.append(Content(mediaTypes: [mediaType], schema: schema))
            }
        }
        return contents
    }
}
