import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import RoadmapAPI
import Testing

/// The change feed speaks the API's language (issue 14): a tool that syncs from `/changes`
/// applies each change to the JSON it got from `GET` — same resource names as the paths,
/// same field names and shapes, no storage-only fields.
@Suite("Change feed in API terms")
struct ChangeFeedTermsTests {
    /// One kind of resource: how to create it (given the ids of the records it needs), how to
    /// change it, and its name in the feed.
    struct Scenario: Sendable, CustomTestStringConvertible {
        var entity: String
        var collection: @Sendable (Parents) -> String
        var create: @Sendable (Parents) -> String
        /// The resource's path, from its collection and the created JSON.
        var path: @Sendable (String, [String: JSONValue]) -> String = { collection, created in
            "\(collection)/\(created["id"].map(text) ?? "?")"
        }
        var patch: String
        var testDescription: String { entity }
    }

    /// Records the scenarios build on, made through the services.
    struct Parents: Sendable {
        var axisId: Int64
        var partnerId: Int64
        var groupId: Int64
        var actionId: Int64
        var envelopeId: Int64
    }

    static let scenarios: [Scenario] = [
        Scenario(
            entity: "axes", collection: { _ in "/axes" },
            create: { _ in #"{"number": 7, "title": "Axe sept", "optional": true}"# },
            patch: #"{"title": "Axe 7", "optional": false, "description": "Accompagner"}"#),
        Scenario(
            entity: "actions", collection: { _ in "/actions" },
            create: { p in
                #"{"axisId": \#(p.axisId), "title": "Former les aidants", "contributorIds": [\#(p.partnerId)], "budgetCents": 150000}"#
            },
            patch: #"{"title": "Former les aidants numériques", "contributorIds": [], "budgetCents": null}"#),
        Scenario(
            entity: "indicators", collection: { p in "/actions/\(p.actionId)/indicators" },
            create: { _ in #"{"name": "personnes formées", "unit": "personnes", "targetValue": 100}"# },
            patch: #"{"currentValue": 20, "measuredOn": "2025-06-30"}"#),
        Scenario(
            entity: "partners", collection: { _ in "/partners" },
            create: { _ in #"{"name": "Centre social d'Auch", "kind": "association", "roles": ["funder"]}"# },
            patch: #"{"name": "Centre social d’Auch", "roles": ["consultant", "funder"], "notes": "Cofinanceur"}"#),
        Scenario(
            entity: "groups", collection: { _ in "/groups" },
            create: { p in #"{"axisId": \#(p.axisId), "name": "Groupe des aidants"}"# },
            patch: #"{"name": "Groupe des aidants du Gers", "description": "Se réunit chaque trimestre"}"#),
        Scenario(
            entity: "members", collection: { p in "/groups/\(p.groupId)/members" },
            create: { p in #"{"partnerId": \#(p.partnerId), "role": "member"}"# },
            path: { collection, created in "\(collection)/\(created["partnerId"].map(text) ?? "?")" },
            patch: #"{"role": "lead"}"#),
        Scenario(
            entity: "meetings", collection: { p in "/groups/\(p.groupId)/meetings" },
            create: { _ in
                #"{"startsAt": "2025-03-12T09:30:00+01:00", "endsAt": "2025-03-12T12:00:00+01:00", "place": "Auch"}"#
            },
            patch: #"{"agenda": "Plan de formation", "place": null}"#),
        Scenario(
            entity: "envelopes", collection: { _ in "/funding/envelopes" },
            create: { p in #"{"funderId": \#(p.partnerId), "label": "Dotation 2025", "amountCents": 4100000}"# },
            patch: #"{"notes": "Notifiée en mars", "amountCents": 4200000}"#),
        Scenario(
            entity: "allocations", collection: { p in "/funding/envelopes/\(p.envelopeId)/allocations" },
            create: { p in #"{"actionId": \#(p.actionId), "amountCents": 100000}"# },
            patch: #"{"amountCents": 200000, "notes": "Deuxième tranche"}"#),
        Scenario(
            entity: "lines", collection: { _ in "/funding/lines" },
            create: { p in #"{"funderId": \#(p.partnerId), "purpose": "Coordination", "shareBasisPoints": 2000}"# },
            patch: #"{"shareBasisPoints": 2500}"#),
    ]

    @Test(
        "a resource's creation, change and deletion read as the JSON the API answered, under its path",
        arguments: scenarios)
    func createUpdateDelete(_ scenario: Scenario) async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis()
            let partner = try await services.makePartner()
            let group = try await services.makeGroup(axisId: axis.axis.id!)
            let action = try await services.makeAction(axisId: axis.axis.id!)
            let envelope = try await services.makeEnvelope(funderId: partner.partner.id!, amountCents: 10_000_000)
            let parents = Parents(
                axisId: axis.axis.id!, partnerId: partner.partner.id!, groupId: group.group.id!,
                actionId: action.action.id!, envelopeId: envelope.envelope.id!)
            let cursor = try await feedCursor(client)
            let collection = scenario.collection(parents)
            // MUT
            // The JSON the API answered: the creation's, then the patch's.
            let before = try await client.execute(
                uri: collection, method: .post, headers: jsonHeaders, body: json(scenario.create(parents))
            ) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return try fields(response)
            }
            let path = scenario.path(collection, before)
            let after = try await client.execute(
                uri: path, method: .patch, headers: jsonHeaders, body: json(scenario.patch)
            ) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return try fields(response)
            }
            try await client.execute(uri: path, method: .delete) { #expect($0.status == .noContent) }
            // validate
            let feed = try await client.execute(uri: "/changes?after=\(cursor)", method: .get) { response in
                try response.decoded(Components.Schemas.ChangeFeed.self).changes
            }
            // The resource's own entries (measuring an indicator also records a measurement).
            let changes = feed.filter { $0.entity == scenario.entity }
            #expect(feed.allSatisfy { $0.entity == scenario.entity || $0.entity == "measurements" })
            #expect(changes.map(\.operation) == ["create", "update", "delete"])
            #expect(changes.allSatisfy { $0.entity == scenario.entity && $0.path == path })
            let (creation, update, deletion) = (changes[0], changes[1], changes[2])
            // A creation: every field as GET shows it, nothing GET does not show.
            for (field, change) in creation.changes {
                #expect(change.old == nil && change.new == before[field], "\(field)")
            }
            #expect(!creation.changes.isEmpty)
            // An update: old and new are the values before and after (absent: the field was,
            // or became, empty).
            for (field, change) in update.changes {
                #expect(change.old == before[field] && change.new == after[field], "\(field)")
            }
            let patched = try JSONDecoder().decode([String: JSONValue].self, from: Data(scenario.patch.utf8))
            #expect(Set(patched.keys).isSubset(of: update.changes.keys))
            // A deletion: the last state, as GET showed it.
            for (field, change) in deletion.changes {
                #expect(change.new == nil && change.old == after[field], "\(field)")
            }
            #expect(
                Set(deletion.changes.keys)
                    == Set(creation.changes.keys).union(update.changes.keys).filter { after[$0] != nil })
        }
    }

    @Test("the roadmap's nested objects change whole, shaped as GET /roadmap shows them")
    func roadmapInAPIShapes() async throws {
        try await withApp { client, _ in
            // setup
            let cursor = try await feedCursor(client)
            let before = try await client.execute(uri: "/roadmap", method: .get) { try fields($0) }
            // MUT
            try await client.execute(
                uri: "/roadmap", method: .patch, headers: jsonHeaders,
                body: json(#"{"pilot": {"label": "État", "representedBy": "préfet du Gers", "partnerId": 1}}"#)
            ) { #expect($0.status == .ok) }
            let after = try await client.execute(uri: "/roadmap", method: .get) { try fields($0) }
            // validate
            let change = try #require(
                try await client.execute(uri: "/changes?after=\(cursor)", method: .get) {
                    try $0.decoded(Components.Schemas.ChangeFeed.self).changes
                }.first)
            #expect(change.entity == "roadmap" && change.path == "/roadmap")
            #expect(Array(change.changes.keys) == ["pilot"])
            #expect(change.changes["pilot"]?.old == before["pilot"] && change.changes["pilot"]?.new == after["pilot"])
        }
    }

    @Test("the seed's changes use the API's names: no storage field, lists as objects")
    func seedInAPITerms() async throws {
        try await withApp { client, _ in
            let changes = try await client.execute(uri: "/changes?limit=500", method: .get) {
                try $0.decoded(Components.Schemas.ChangeFeed.self).changes
            }
            let entities = Set(changes.map(\.entity))
            #expect(entities == ["partners", "membership", "axes", "groups", "envelopes", "lines", "roadmap"])
            let fields = Set(changes.flatMap(\.changes.keys))
            for storageField in [
                "isOptional", "titleKey", "nameKey", "pilotPartnerId", "territoryCode", "updatedAt", "sinceStart",
            ] {
                #expect(!fields.contains(storageField), "\(storageField)")
            }
            let roadmap = try #require(changes.first { $0.entity == "roadmap" })
            #expect(
                roadmap.changes["coSignatories"]?.new
                    == .array([
                        .object(["title": .string("préfet du Gers"), "partnerId": .integer(1)]),
                        .object(["title": .string("président du Conseil Départemental"), "partnerId": .integer(2)]),
                        .object(["title": .string("président de Gers Numérique"), "partnerId": .integer(3)]),
                    ]))
            #expect(roadmap.changes["territory"]?.new == .object(["name": .string("Gers"), "code": .string("32")]))
        }
    }

    @Test("the audit trail filters by the API's resource names and refuses others, listing them")
    func auditEntityNames() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/audit?entity=axes", method: .get) { response in
                let changes = try response.decoded(Components.Schemas.ChangePage.self).changes
                #expect(changes.count == 4 && changes.allSatisfy { $0.entity == "axes" })
            }
            try await client.execute(uri: "/audit?entity=axis", method: .get) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["entity"])
            }
        }
    }
}

/// The id of the last change in the feed now.
private func feedCursor(_ client: APIClient) async throws -> Int64 {
    var cursor: Int64 = 0
    while true {
        let feed = try await client.execute(uri: "/changes?after=\(cursor)&limit=500", method: .get) {
            try $0.decoded(Components.Schemas.ChangeFeed.self)
        }
        if feed.items.isEmpty { return cursor }
        cursor = feed.cursor
    }
}

/// A response body as JSON fields.
private func fields(_ response: TestResponse) throws -> [String: JSONValue] {
    try JSONDecoder().decode([String: JSONValue].self, from: Data(response.body.readableBytesView))
}

/// An id as it appears in a path.
private func text(_ value: JSONValue) -> String {
    if case .integer(let id) = value { return String(id) }
    return "\(value)"
}
