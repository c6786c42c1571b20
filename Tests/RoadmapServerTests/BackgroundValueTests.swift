import RoadmapAPI
import Synchronization
import Testing

@testable import RoadmapServer

/// The pages made in the background from the start (issue 18: ready in under a second).
@Suite("Values made in the background")
struct BackgroundValueTests {
    @Test("the value is made once, whatever the number of requests that wait for it")
    func madeOnce() async throws {
        // setup
        let runs = Atomic<Int>(0)
        let value = BackgroundValue { () -> String in
            runs.add(1, ordering: .relaxed)
            return "made"
        }
        // MUT
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await value.value } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // validate
        #expect(answers == Array(repeating: "made", count: 20))
        #expect(runs.load(ordering: .relaxed) == 1)
    }

    @Test("a value that cannot be made is an error for each request that needs it, not a crash at start")
    func failureReachesTheRequest() async throws {
        // setup
        struct Broken: Error {}
        let value = BackgroundValue { () throws -> String in throw Broken() }
        // MUT, validate
        await #expect(throws: Broken.self) { try await value.value }
        await #expect(throws: Broken.self) { try await value.value }
    }

    @Test("the pages made in the background are the contract's JSON and the reference page")
    func contractPages() async throws {
        // setup
        let contract = try ContractDocument(EmbeddedOpenAPIDocument.data)
        // MUT
        let pages = try ContractPages.make(policy: try AccessPolicy(contract: contract))
        // validate
        #expect(pages.referencePage.hasPrefix("<!DOCTYPE html>") || pages.referencePage.contains("<html"))
        #expect(pages.json.value["openapi"] as? String == "3.1.0")
    }
}
