import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing
import Yams

@testable import RoadmapAPI

/// `GET /docs`: the API reference as one HTML page made by the server from its contract,
/// readable offline and without JavaScript (issue 14). The browser and axe-core checks are in
/// scripts/check-docs-page.
@Suite("The reference page /docs")
struct DocsPageTests {
    /// Every operation of openapi.yaml: (operationId, method, path, role).
    static func operations() throws -> [(id: String, method: String, path: String, role: String?)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let root = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, item in
            item.compactMap { method, value in
                guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else {
                    return nil
                }
                return (id, method.uppercased(), path, operation["x-required-role"] as? String)
            }
        }
    }

    static func page(_ client: APIClient) async throws -> String {
        try await client.anonymous.execute(uri: "/docs", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            return String(buffer: response.body)
        }
    }

    @Test("every operation of the contract has its section, with its method, path, role and a curl example")
    func everyOperation() async throws {
        try await withApp(seed: .none) { client, _ in
            let html = try await Self.page(client)
            let operations = try Self.operations()
            #expect(operations.count > 70)
            for operation in operations {
                let start = try #require(
                    html.range(of: "<section class=\"operation\" id=\"\(operation.id)\">"),
                    "no section for \(operation.id)")
                let section = html[start.lowerBound...].prefix { _ in true }
                let end = section.range(of: "</section>").map { section[..<$0.lowerBound] } ?? section
                #expect(end.contains(">\(operation.method)</span>"), "\(operation.id): method")
                #expect(end.contains(operation.path.replacingOccurrences(of: "&", with: "&amp;")), "\(operation.id)")
                #expect(end.contains("<dt>Role</dt>"), "\(operation.id): role")
                if let role = operation.role { #expect(end.contains(role), "\(operation.id): \(role)") }
                #expect(end.contains("curl "), "\(operation.id): no curl example")
            }
        }
    }

    @Test("an upload's curl example sends a form with a file, not JSON")
    func uploadExample() async throws {
        try await withApp(seed: .none) { client, _ in
            let html = try await Self.page(client)
            let start = try #require(html.range(of: "<section class=\"operation\" id=\"createDocument\">"))
            let section = html[start.lowerBound...]
            let end = try #require(section.range(of: "</section>"))
            let text = section[..<end.lowerBound]
            #expect(text.contains("-F &#39;file=@document.pdf&#39;") || text.contains("-F 'file=@document.pdf'"))
            #expect(!text.contains("Content-Type: multipart/form-data"))
        }
    }

    @Test("the page is self-contained: no script, no external resource, one h1, a language, a skip link, landmarks")
    func selfContainedAndStructured() async throws {
        try await withApp(seed: .none) { client, _ in
            let html = try await Self.page(client)
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("src=\"http"))
            #expect(!html.contains("<link rel=\"stylesheet\""))
            #expect(html.components(separatedBy: "<h1").count == 2)
            #expect(html.contains("<html lang=\"en\">"))
            #expect(html.contains("href=\"#content\""))
            #expect(html.contains("<main id=\"content\">"))
            #expect(html.contains("<nav"))
            #expect(html.contains("<th scope=\"col\">"))
        }
    }

    @Test("descriptions and field tables come from the contract: a schema's field and its description appear")
    func fieldsFromContract() async throws {
        try await withApp(seed: .none) { client, _ in
            let html = try await Self.page(client)
            #expect(html.contains("budgetCents"))
            #expect(html.contains("optional"))
            #expect(html.contains("/openapi.json"))
        }
    }
}
