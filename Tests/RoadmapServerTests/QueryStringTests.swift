import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

/// What the server makes of query strings and path parameters before the generated decoder
/// reads them: a malformed query string is a 400 naming the parameter (or the query string),
/// never a 500; a value that breaks its declared schema names its parameter.
@Suite("Query strings and path parameters")
struct QueryStringTests {
    @Test(
        "a malformed query string is a 400 naming the parameter, or the query string",
        arguments: [
            ("/actions?late", "late"), ("/actions?status", "status"), ("/partners?kind", "kind"),
            ("/changes?after", "after"),
            ("/audit?&", "query"), ("/actions?%", "query"), ("/actions?limit=5&", "query"), ("/actions?=5", "query"),
            ("/actions?limit=%zz", "limit"), ("/axes?sort", "sort"), ("/actions?limit=1&&sort=title", "query"),
        ])
    func malformedQueries(uri: String, field: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == [field])
            }
        }
    }

    @Test(
        "a value that breaks its declared schema names its parameter",
        arguments: [
            ("/audit?from=2025-13-45T00:00:00Z", "from"), ("/actions?status=foo", "status"),
            ("/actions?status=done&status=foo", "status"),
            ("/actions?late=perhaps", "late"), ("/actions?limit=9223372036854775808", "limit"),
            ("/changes?after=-", "after"),
            ("/audit?from=2025-02-30T00:00:00Z", "from"), ("/audit?to=2025-02-29T00:00:00Z", "to"),
            ("/audit?from=2025-01-24T24:00:00Z", "from"),
            ("/audit?from=2025-1-1T0:0:0Z", "from"),
        ])
    func badValues(uri: String, field: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == [field])
            }
        }
    }

    @Test("values the schema allows still pass: array filters repeat, encoded values decode")
    func validQueries() async throws {
        try await withApp { client, _ in
            for uri in [
                "/actions?status=done&status=planned", "/actions?q=m%C3%A9diation", "/audit?from=2025-01-24T00:00:00Z",
                "/audit?from=2024-02-29T23:59:59%2B01:00", "/axes/%31",
                "/partners?q=gers+num%C3%A9rique", "/actions?late=false&limit=500",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test("path ids take the whole int64 range: the largest is a 404, one more a 400 naming the id")
    func int64Ids() async throws {
        try await withApp { client, _ in
            for path in ["/actions", "/partners", "/axes", "/groups"] {
                try await client.execute(uri: "\(path)/9223372036854775807", method: .get) { response in
                    response.expectProblem(.notFound)
                }
                try await client.execute(uri: "\(path)/9223372036854775808", method: .get) { response in
                    response.expectProblem(.badRequest)
                    #expect(response.problemFields == ["id"])
                }
            }
        }
    }
}
