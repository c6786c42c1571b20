import Foundation
import OpenAPIRuntime
import RoadmapAPI

#if canImport(Glibc)
    import Glibc
#endif

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
        let pages = try {
            let contract = try ContractDocument(EmbeddedOpenAPIDocument.data)
            return ContractPages(
                json: try JSONDecoder().decode(OpenAPIObjectContainer.self, from: contract.json()),
                referencePage: ReferencePage(reference: try APIReference(contract: contract, policy: policy)).html)
        }()
        returnFreedMemory()
        return pages
    }
}

/// Gives the heap's free pages back to the system. Reading the contract at start (its YAML
/// tree, twice: once for the access rules, once for these pages) leaves megabytes freed but
/// kept by malloc; an idle server's memory is what it keeps (issue 18).
/// glibc's `malloc_trim` is not in the Swift module of its headers: looked up by name.
func returnFreedMemory() {
    #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    #endif
}
