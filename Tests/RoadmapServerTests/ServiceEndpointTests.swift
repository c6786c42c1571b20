import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

@Suite("Service endpoints and HTTP conventions")
struct ServiceEndpointTests {
    @Test("GET /health answers ok when the database answers")
    func health() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let health = try response.decoded(Components.Schemas.Health.self)
                #expect(health.status == .ok)
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
        try await withApp { client, services in
            let axis = try await services.makeAxis()
            try await client.execute(uri: "/axes/\(axis.axis.id!)", method: .put) { response in
                response.expectProblem(.methodNotAllowed)
                #expect(response.headers[.allow] == "GET, PATCH, DELETE, HEAD")
            }
        }
    }

    @Test("a method an open route does not have is a 405 problem listing the allowed methods")
    func wrongMethodOnOpenRoute() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/health", method: .post) { response in
                response.expectProblem(.methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test("every response carries a generated request id")
    func generatedRequestId() async throws {
        try await withApp { client, _ in
            let generated = try await client.execute(uri: "/health", method: .get) { $0.headers[.xRequestId] }
            #expect(generated?.count == 32)
        }
    }

    @Test("a sensible request id sent by the client comes back")
    func clientRequestId() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/health", method: .get, headers: [.xRequestId: "curl-42"]) { response in
                #expect(response.headers[.xRequestId] == "curl-42")
            }
        }
    }

    @Test("a request id that is not sensible is replaced, in the header and the problem alike")
    func unsafeRequestIdReplaced() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/nowhere", method: .get, headers: [.xRequestId: "bad id\twith tab"]) {
                response in
                let id = response.headers[.xRequestId]
                #expect(id != nil && id != "bad id\twith tab")
                let problem = try response.problem()
                #expect(problem.requestId == id)
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

    @Test(
        "a single-valued query parameter given twice is a 400 naming it",
        arguments: [
            ("/actions?limit=1&limit=2", "limit"), ("/partners?q=gers&kind=association&q=numerique", "q"),
            ("/funding/envelopes?li%6Dit=1&limit=2", "limit"),
        ])
    func repeatedSingleValuedParameter(uri: String, field: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == [field])
            }
        }
    }

    @Test(
        "an array query parameter repeated more than its maxItems is a 400 naming it",
        arguments: [
            ("/actions?include=names&include=names", "include"),
            ("/actions?" + Array(repeating: "status=draft", count: 6).joined(separator: "&"), "status"),
            ("/funding/grants?" + Array(repeating: "status=closed", count: 8).joined(separator: "&"), "status"),
        ])
    func arrayParameterOverMaxItems(uri: String, field: String) async throws {
        try await withApp { client, _ in
            let fields = try await client.execute(uri: uri, method: .get) { response in
                response.expectProblem(.badRequest)
                return try response.problem().errors?.map(\.field)
            }
            #expect(fields == [field])
        }
    }

    @Test("an array query parameter may repeat")
    func repeatedArrayParameter() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/actions?status=draft&status=planned&limit=1", method: .get) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("an unknown query parameter is refused, repeated or not (issue 14: typos are never ignored)")
    func repeatedUnknownParameter() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/actions?limit=1&colour=blue&colour=red", method: .get) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["colour"])
            }
        }
    }
}
