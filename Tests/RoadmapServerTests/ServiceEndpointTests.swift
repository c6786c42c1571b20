import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Service endpoints and HTTP conventions")
struct ServiceEndpointTests {
    @Test("GET /health answers ok when the database answers")
    func health() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "ok")
            }
        }
    }

    @Test("GET /openapi.yaml is the repository's openapi.yaml byte for byte")
    func contractIsServed() async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let expected = try Data(contentsOf: repository.appendingPathComponent("openapi.yaml"))
        try await withApp { client, _ in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                #expect(Data(response.body.readableBytesView) == expected)
            }
        }
    }

    @Test("an unknown route is a 404 problem")
    func unknownRoute() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                response.expectProblem(.notFound)
            }
        }
    }

    @Test("a known route with another method is a 405 problem listing the allowed methods")
    func wrongMethod() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes/1", method: .put) { response in
                response.expectProblem(.methodNotAllowed)
                #expect(response.headers[.allow] == "GET, PATCH, DELETE, HEAD")
            }
            try await client.execute(uri: "/health", method: .post) { response in
                response.expectProblem(.methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test("every response carries a request id, the client's own when it sent a sensible one")
    func requestId() async throws {
        try await withApp { client, _ in
            let generated = try await client.execute(uri: "/health", method: .get) { $0.headers[.xRequestId] }
            #expect(generated?.count == 32)
            try await client.execute(uri: "/health", method: .get, headers: [.xRequestId: "curl-42"]) { response in
                #expect(response.headers[.xRequestId] == "curl-42")
            }
            try await client.execute(uri: "/nowhere", method: .get, headers: [.xRequestId: "bad id\twith tab"]) {
                response in
                let id = response.headers[.xRequestId]
                #expect(id != nil && id != "bad id\twith tab")
                #expect(response.object["requestId"] as? String == id)
            }
        }
    }

    @Test("a body over 1 MiB is refused with 413")
    func bodyTooLarge() async throws {
        try await withApp { client, _ in
            let huge = "{\"number\":9,\"title\":\"" + String(repeating: "a", count: 1 << 20) + "\"}"
            try await client.execute(uri: "/axes", method: .post, headers: jsonHeaders, body: json(huge)) { response in
                response.expectProblem(.contentTooLarge)
            }
        }
    }

    @Test("malformed JSON, invalid UTF-8 and deep nesting are 400 problems")
    func malformedBodies() async throws {
        try await withApp { client, _ in
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            for body in [
                ByteBuffer(string: "{\"number\": 9,"),
                ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), ByteBuffer(string: deep),
            ] {
                try await client.execute(uri: "/axes", method: .post, headers: jsonHeaders, body: body) { response in
                    response.expectProblem(.badRequest)
                }
            }
        }
    }

    @Test("a body that is not JSON is a 415 problem")
    func notJSON() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/axes", method: .post, headers: [.contentType: "text/plain"], body: json("number=9")
            ) { response in
                response.expectProblem(.unsupportedMediaType)
            }
        }
    }

    @Test("a single-valued query parameter given twice is a 400 naming it; an array parameter may repeat")
    func repeatedQueryParameters() async throws {
        try await withApp { client, _ in
            for (uri, field) in [
                ("/actions?limit=1&limit=2", "limit"), ("/partners?q=gers&kind=association&q=numerique", "q"),
                ("/funding/envelopes?li%6Dit=1&limit=2", "limit"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    response.expectProblem(.badRequest)
                    #expect(response.problemFields == [field])
                }
            }
            try await client.execute(uri: "/actions?status=draft&status=planned&limit=1", method: .get) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/actions?limit=1&colour=blue&colour=red", method: .get) {
                #expect($0.status == .ok)
            }
        }
    }
}
