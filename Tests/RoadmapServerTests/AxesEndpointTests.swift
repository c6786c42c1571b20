import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@Suite("Axes over HTTP")
struct AxesEndpointTests {
    @Test("GET /axes lists the four seeded axes")
    func list() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes", method: .get) { response in
                #expect(response.status == .ok)
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["number"] as? Int } == [1, 2, 3, 4])
                #expect(items.last?["optional"] as? Bool == true)
                #expect(
                    items.first?["title"] as? String == "former et coordonner les acteurs de la médiation numérique")
            }
        }
    }

    @Test("pages are linked by nextCursor")
    func paging() async throws {
        try await withApp { client, _ in
            let cursor = try await client.execute(uri: "/axes?limit=3&sort=-number", method: .get) { response in
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["number"] as? Int } == [4, 3, 2])
                return response.object["nextCursor"] as? String
            }
            let next = try #require(cursor)
            try await client.execute(uri: "/axes?limit=3&sort=-number&cursor=\(next)", method: .get) { response in
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["number"] as? Int } == [1])
                #expect(response.object["nextCursor"] == nil)
            }
        }
    }

    @Test("POST creates: 201, Location, ETag and the axis")
    func create() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/axes", method: .post, headers: jsonHeaders,
                body: json(#"{"number": 5, "title": "Axe « cinq »", "optional": true}"#)
            ) { response in
                #expect(response.status == .created)
                let id = try #require(response.object["id"] as? Int)
                #expect(response.headers[.location] == "/axes/\(id)")
                #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
                #expect(response.object["title"] as? String == "Axe « cinq »")
            }
        }
    }

    @Test("a duplicate number is a 409 problem naming the axis that has it")
    func duplicate() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/axes", method: .post, headers: jsonHeaders, body: json(#"{"number": 1, "title": "x"}"#)
            ) { response in
                response.expectProblem(.conflict)
                let references = response.object["references"] as? [[String: Any]] ?? []
                #expect(references.first?["id"] as? Int == 1)
            }
        }
    }

    @Test(
        "wrong types, missing and unknown fields are 400 problems naming the field",
        arguments: [
            (#"{"number": "five", "title": "x"}"#, "number"),
            (#"{"title": "x"}"#, "number"),
            (#"{"number": 5, "title": "x", "colour": "blue"}"#, "colour"),
            (#"{"number": 0, "title": "x"}"#, "number"),
            (#"{"number": 5, "title": ""}"#, "title"),
            (#"{"number": 5, "title": null}"#, "title"),
            (#"{"number": 99999999999999999999, "title": "x"}"#, "number"),
            (#"{"number": 1.5, "title": "x"}"#, "number"),
            ("[1, 2]", "body"),
        ])
    func invalidBodies(body: String, field: String) async throws {
        try await withApp { client, services in
            try await client.execute(uri: "/axes", method: .post, headers: jsonHeaders, body: json(body)) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == [field])
            }
            #expect(try await services.axes.list(AxisQuery(page: try PageRequest())).items.count == 4)
        }
    }

    @Test(
        "ids that are not positive 64-bit integers are 400 or 404, never 500",
        arguments: [
            ("abc", HTTPResponse.Status.badRequest), ("-1", .notFound), ("0", .notFound),
            ("99999999999999999999", .badRequest), ("1.5", .badRequest),
        ])
    func badIds(id: String, status: HTTPResponse.Status) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes/\(id)", method: .get) { response in
                response.expectProblem(status)
            }
        }
    }

    @Test(
        "query parameters of the wrong type are 400 problems naming the parameter",
        arguments: [
            ("limit=abc", "limit"), ("limit=0", "limit"), ("limit=501", "limit"), ("sort=colour", "sort"),
            ("optional=maybe", "optional"), ("cursor=zzz", "cursor"),
        ])
    func badQueries(query: String, field: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes?\(query)", method: .get) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == [field])
            }
        }
    }

    @Test("unknown query parameters are ignored")
    func unknownQuery() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes?colour=blue", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("PATCH is a merge patch: null clears, absent keeps, null on a required field is refused")
    func patch() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/axes/4", method: .patch, headers: jsonHeaders, body: json(#"{"description": "optionnel"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.object["description"] as? String == "optionnel")
            }
            try await client.execute(
                uri: "/axes/4", method: .patch, headers: jsonHeaders,
                body: json(#"{"description": null}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.object["description"] == nil)
                #expect(response.object["optional"] as? Bool == true)
            }
            try await client.execute(
                uri: "/axes/4", method: .patch, headers: jsonHeaders, body: json(#"{"title": null}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["title"])
            }
        }
    }

    @Test("ETag: If-None-Match gives 304, a stale If-Match gives 412 and changes nothing")
    func conditionalRequests() async throws {
        try await withApp { client, services in
            let tag = try await client.execute(uri: "/axes/2", method: .get) { try #require($0.headers[.eTag]) }
            try await client.execute(uri: "/axes/2", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            let newTag = try await client.execute(
                uri: "/axes/2", method: .patch, headers: [.contentType: "application/json", .ifMatch: tag],
                body: json(#"{"title": "Renforcer"}"#)
            ) { response in
                #expect(response.status == .ok)
                return try #require(response.headers[.eTag])
            }
            #expect(newTag != tag)
            try await client.execute(
                uri: "/axes/2", method: .patch, headers: [.contentType: "application/json", .ifMatch: tag],
                body: json(#"{"title": "Écrasé"}"#)
            ) { response in
                response.expectProblem(.preconditionFailed)
            }
            try await client.execute(uri: "/axes/2", method: .delete, headers: [.ifMatch: tag]) { response in
                response.expectProblem(.preconditionFailed)
            }
            #expect(try await services.axes.get(id: 2).title == "Renforcer")
        }
    }

    @Test("DELETE: 204, then 404; 409 naming what still refers to the axis")
    func delete() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes/4", method: .delete) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/axes/4", method: .get) { $0.expectProblem(.notFound) }
            try await client.execute(uri: "/axes/1", method: .delete) { response in
                response.expectProblem(.conflict)
                let references = response.object["references"] as? [[String: Any]] ?? []
                #expect(references.first?["entity"] as? String == "workingGroup")
            }
        }
    }

    @Test("writes are logged with the request id")
    func auditCarriesRequestId() async throws {
        try await withApp { client, services in
            try await client.execute(
                uri: "/axes/3", method: .patch, headers: [.contentType: "application/json", .xRequestId: "trace-7"],
                body: json(#"{"optional": true}"#)
            ) { #expect($0.status == .ok) }
            let row = try await services.database.latestChange()
            #expect(row?.requestId == "trace-7")
            #expect(row?.entityType == "axis")
        }
    }
}
