import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

@Suite("Axes over HTTP")
struct AxesEndpointTests {
    // About the seed: a fresh install serves the four axes of the Gers roadmap.
    @Test("GET /axes lists the four seeded axes")
    func list() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/axes", method: .get) { response in
                #expect(response.status == .ok)
                let items = try response.decoded(Components.Schemas.AxisPage.self).items
                #expect(items.map(\.number) == [1, 2, 3, 4])
                #expect(items.last?.optional == true)
                #expect(items.first?.title == "former et coordonner les acteurs de la médiation numérique")
            }
        }
    }

    @Test("pages are linked by nextCursor")
    func paging() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            for number in 50...53 { _ = try await services.makeAxis(number: number, title: "Axe \(number)") }
            // MUT, validate
            let cursor = try await client.execute(uri: "/axes?limit=3&sort=-number", method: .get) { response in
                let page = try response.decoded(Components.Schemas.AxisPage.self)
                #expect(page.items.map(\.number) == [53, 52, 51])
                return page.nextCursor
            }
            let next = try #require(cursor)
            try await client.execute(uri: "/axes?limit=3&sort=-number&cursor=\(next)", method: .get) { response in
                let page = try response.decoded(Components.Schemas.AxisPage.self)
                #expect(page.items.map(\.number) == [50])
                #expect(page.nextCursor == nil)
                // the raw document: the last page has no nextCursor member at all
                #expect(response.object["nextCursor"] == nil)
            }
        }
    }

    @Test("POST creates: 201, Location, ETag and the axis")
    func create() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/axes", method: .post, headers: jsonHeaders,
                body: json(#"{"number": 50, "title": "Axe « cinquante »", "optional": true}"#)
            ) { response in
                #expect(response.status == .created)
                let axis = try response.decoded(Components.Schemas.Axis.self)
                #expect(response.headers[.location] == "/axes/\(axis.id)")
                #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
                #expect(axis.title == "Axe « cinquante »")
                #expect(axis.number == 50)
                #expect(axis.optional == true)
            }
        }
    }

    @Test("a duplicate number is a 409 problem naming the axis that has it")
    func duplicate() async throws {
        try await withApp { client, services in
            let existing = try await services.makeAxis(number: 50)
            try await client.execute(
                uri: "/axes", method: .post, headers: jsonHeaders, body: json(#"{"number": 50, "title": "x"}"#)
            ) { response in
                response.expectProblem(.conflict)
                let problem = try response.problem()
                #expect(problem.references?.first?.id == existing.axis.id!)
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
        try await withApp(seed: .none) { client, services in
            try await client.execute(uri: "/axes", method: .post, headers: jsonHeaders, body: json(body)) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == [field])
            }
            #expect(try await services.axes.list(AxisQuery(page: try PageRequest())).items.isEmpty)
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
                let problem = try response.problem()
                #expect(problem.status == Int(status.code))
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
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == [field])
            }
        }
    }

    @Test("an unknown query parameter is a 400 naming it and listing the accepted ones")
    func unknownQuery() async throws {
        try await withApp(seed: .none) { client, _ in
            try await client.execute(uri: "/axes?colour=blue&limit=1", method: .get) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["colour"])
                #expect(
                    problem.errors?.first?.message
                        == "is not a parameter of this operation; it accepts cursor, id, limit, optional, sort")
            }
            try await client.execute(uri: "/actions?stauts=done", method: .get) { response in
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["stauts"])
            }
            try await client.execute(uri: "/health?verbose=1", method: .get) { response in
                let problem = try response.problem()
                #expect(
                    problem.errors?.first?.message
                        == "is not a parameter of this operation, which takes no query parameters")
            }
        }
    }

    @Test("PATCH sets a member")
    func patchSets() async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis(optional: true)
            try await client.execute(
                uri: "/axes/\(axis.axis.id!)", method: .patch, headers: jsonHeaders,
                body: json(#"{"description": "optionnel"}"#)
            ) { response in
                #expect(response.status == .ok)
                let patched = try response.decoded(Components.Schemas.Axis.self)
                #expect(patched.description == "optionnel")
            }
        }
    }

    @Test("PATCH is a merge patch: null clears, absent keeps")
    func patchClearsAndKeeps() async throws {
        try await withApp { client, services in
            // setup
            let axis = try await services.makeAxis(optional: true)
            try await client.execute(
                uri: "/axes/\(axis.axis.id!)", method: .patch, headers: jsonHeaders,
                body: json(#"{"description": "optionnel"}"#)
            ) { #expect($0.status == .ok) }
            // MUT
            try await client.execute(
                uri: "/axes/\(axis.axis.id!)", method: .patch, headers: jsonHeaders,
                body: json(#"{"description": null}"#)
            ) { response in
                // validate
                #expect(response.status == .ok)
                let patched = try response.decoded(Components.Schemas.Axis.self)
                #expect(patched.description == nil)
                #expect(patched.optional == true)
                // the raw document: a cleared member is absent, not null
                #expect(response.object["description"] == nil)
            }
        }
    }

    @Test("PATCH with null on a required field is a 400 problem naming it")
    func patchNullOnRequired() async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis(title: "Axe d'essai")
            try await client.execute(
                uri: "/axes/\(axis.axis.id!)", method: .patch, headers: jsonHeaders, body: json(#"{"title": null}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["title"])
            }
            #expect(try await services.axes.get(id: axis.axis.id!).axis.title == "Axe d'essai")
        }
    }

    @Test("ETag: If-None-Match with the current tag is a 304 without a body")
    func ifNoneMatch() async throws {
        try await withApp { client, services in
            let id = try await services.makeAxis().axis.id!
            let tag = try await client.execute(uri: "/axes/\(id)", method: .get) { try #require($0.headers[.eTag]) }
            try await client.execute(uri: "/axes/\(id)", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("ETag: a PATCH with the current If-Match passes and gives a new tag")
    func ifMatchCurrent() async throws {
        try await withApp { client, services in
            let id = try await services.makeAxis().axis.id!
            let tag = try await client.execute(uri: "/axes/\(id)", method: .get) { try #require($0.headers[.eTag]) }
            let newTag = try await client.execute(
                uri: "/axes/\(id)", method: .patch, headers: [.contentType: "application/json", .ifMatch: tag],
                body: json(#"{"title": "Renforcer"}"#)
            ) { response in
                #expect(response.status == .ok)
                let axis = try response.decoded(Components.Schemas.Axis.self)
                #expect(axis.title == "Renforcer")
                return try #require(response.headers[.eTag])
            }
            #expect(newTag != tag)
        }
    }

    @Test("ETag: a stale If-Match on PATCH or DELETE is a 412 problem and changes nothing")
    func ifMatchStale() async throws {
        try await withApp { client, services in
            // setup
            let id = try await services.makeAxis().axis.id!
            let tag = try await client.execute(uri: "/axes/\(id)", method: .get) { try #require($0.headers[.eTag]) }
            try await client.execute(
                uri: "/axes/\(id)", method: .patch, headers: [.contentType: "application/json", .ifMatch: tag],
                body: json(#"{"title": "Renforcer"}"#)
            ) { #expect($0.status == .ok) }
            // MUT
            try await client.execute(
                uri: "/axes/\(id)", method: .patch, headers: [.contentType: "application/json", .ifMatch: tag],
                body: json(#"{"title": "Écrasé"}"#)
            ) { response in
                response.expectProblem(.preconditionFailed)
            }
            try await client.execute(uri: "/axes/\(id)", method: .delete, headers: [.ifMatch: tag]) { response in
                response.expectProblem(.preconditionFailed)
            }
            // validate
            #expect(try await services.axes.get(id: id).axis.title == "Renforcer")
        }
    }

    @Test("DELETE: 204, then 404")
    func delete() async throws {
        try await withApp { client, services in
            let id = try await services.makeAxis().axis.id!
            try await client.execute(uri: "/axes/\(id)", method: .delete) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/axes/\(id)", method: .get) { $0.expectProblem(.notFound) }
        }
    }

    @Test("DELETE of an axis something refers to is a 409 problem naming it")
    func deleteReferenced() async throws {
        try await withApp { client, services in
            // setup
            let id = try await services.makeAxis().axis.id!
            let group = try await services.makeGroup(axisId: id)
            // MUT
            try await client.execute(uri: "/axes/\(id)", method: .delete) { response in
                // validate
                response.expectProblem(.conflict)
                let problem = try response.problem()
                #expect(problem.references?.first?.entity == "workingGroup")
                #expect(problem.references?.first?.id == group.group.id!)
            }
        }
    }

    @Test("writes are logged with the request id")
    func auditCarriesRequestId() async throws {
        try await withApp { client, services in
            let id = try await services.makeAxis().axis.id!
            try await client.execute(
                uri: "/axes/\(id)", method: .patch,
                headers: [.contentType: "application/json", .xRequestId: "trace-7"],
                body: json(#"{"optional": true}"#)
            ) { #expect($0.status == .ok) }
            let row = try await services.database.latestChange()
            #expect(row?.requestId == "trace-7")
            #expect(row?.entityType == "axes")
            #expect(row?.entityId == id)
        }
    }
}
