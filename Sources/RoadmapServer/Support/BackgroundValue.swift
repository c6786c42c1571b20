import Foundation
import OpenAPIRuntime
import RoadmapAPI

/// A value made in the background from the start, which the first request that needs it waits
/// for. The `/docs` page and the JSON form of the contract were a third of a start's CPU
/// (issue 18: ready in under a second); the server now answers before they are made.
struct BackgroundValue<Value: Sendable>: Sendable {
    private let task: Task<Value, any Error>

    init(_ make: @escaping @Sendable () throws -> Value) {
        task = Task.detached(priority: .medium) { try make() }
    }

    var value: Value {
        get async throws { try await task.value }
    }
}

/// What `GET /openapi.json` and `GET /docs` serve, made from openapi.yaml.
struct ContractPages: Sendable {
    /// The contract as a JSON object (``ContractDocument/json()``).
    let json: OpenAPIObjectContainer
    /// The HTML reference (``ReferencePage``).
    let referencePage: String

    /// Both, from the contract the server embeds; `policy` gives the page its access column.
    static func make(policy: AccessPolicy) throws -> ContractPages {
        let contract = try ContractDocument(EmbeddedOpenAPIDocument.data)
        return ContractPages(
            json: try JSONDecoder().decode(OpenAPIObjectContainer.self, from: contract.json()),
            referencePage: ReferencePage(reference: try APIReference(contract: contract, policy: policy)).html)
    }
}
