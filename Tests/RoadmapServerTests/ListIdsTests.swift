import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// Several known items in one request (`?id=3&id=7`), and the names behind an action's ids
/// (`include=names`), so that a front end needs no request per id (issue 14).
@Suite("Lists by ids, and names embedded")
struct ListIdsTests {
    /// The ids of the items of a list answer, whatever the list.
    struct Ids: Decodable {
        struct Item: Decodable { let id: Int64 }
        let items: [Item]
        var ids: [Int64] { items.map(\.id) }
    }

    @Test("every list takes ?id= repeated: only those items, in the list's order; an unknown id is simply absent")
    func everyListFiltersByIds() async throws {
        try await withApp(seed: .none) { client, services in
            // setup: three of each, the first and third asked for, plus an id that names nothing
            let axes = [
                try await services.makeAxis(number: 11), try await services.makeAxis(number: 12),
                try await services.makeAxis(number: 13),
            ].map { $0.axis.id! }
            var partners: [Int64] = []
            var groups: [Int64] = []
            var actions: [Int64] = []
            var envelopes: [Int64] = []
            for index in 0..<3 {
                let partner = try await services.makePartner("Partenaire \(index)", kind: .stateService)
                partners.append(partner.partner.id!)
                groups.append(try await services.makeGroup(axisId: axes[index], name: "Groupe \(index)").group.id!)
                actions.append(try await services.makeAction(axisId: axes[index]).action.id!)
                envelopes.append(
                    try await services.makeEnvelope(funderId: partner.partner.id!, label: "Enveloppe \(index)")
                        .envelope.id!)
            }
            for (path, ids) in [
                ("/axes", axes), ("/partners", partners), ("/groups", groups), ("/actions", actions),
                ("/funding/envelopes", envelopes),
            ] {
                // MUT
                let found = try await client.execute(uri: "\(path)?id=\(ids[2])&id=\(ids[0])&id=99999", method: .get) {
                    #expect($0.status == .ok, "\(path)")
                    return try $0.decoded(Ids.self).ids
                }
                // validate
                #expect(found.sorted() == [ids[0], ids[2]], "\(path)")
            }
        }
    }

    @Test("?id= combines with the other filters and pages")
    func idsCombine() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis(number: 21)
            let other = try await services.makeAxis(number: 22)
            let a = try await services.makeAction(axisId: axis.axis.id!).action.id!
            let b = try await services.makeAction(axisId: other.axis.id!).action.id!
            let c = try await services.makeAction(axisId: axis.axis.id!).action.id!
            // MUT, validate: filter
            let filtered = try await client.execute(
                uri: "/actions?id=\(a)&id=\(b)&axisId=\(axis.axis.id!)", method: .get
            ) {
                try $0.decoded(Ids.self).ids
            }
            #expect(filtered == [a])
            // MUT, validate: pages
            let cursor = try await client.execute(uri: "/actions?id=\(a)&id=\(b)&id=\(c)&limit=2", method: .get) {
                let page = try $0.decoded(Components.Schemas.ActionPage.self)
                #expect(page.items.map(\.id) == [a, b])
                return try #require(page.nextCursor)
            }
            let second = try await client.execute(
                uri: "/actions?id=\(a)&id=\(b)&id=\(c)&limit=2&cursor=\(cursor)", method: .get
            ) { try $0.decoded(Ids.self).ids }
            #expect(second == [c])
        }
    }

    @Test("?id= refuses an id below 1 and more than 100 ids, naming the parameter")
    func idsRules() async throws {
        try await withApp(seed: .none) { client, _ in
            for path in ["/axes", "/partners", "/groups", "/actions", "/funding/envelopes"] {
                let zero = try await client.execute(uri: "\(path)?id=0", method: .get) { response in
                    response.expectProblem(.badRequest)
                    return try response.problem().errors?.map(\.field)
                }
                #expect(zero == ["id"], "\(path)")
                let many = (1...101).map { "id=\($0)" }.joined(separator: "&")
                let tooMany = try await client.execute(uri: "\(path)?\(many)", method: .get) { response in
                    response.expectProblem(.badRequest)
                    return try response.problem().errors?.map(\.field)
                }
                #expect(tooMany == ["id"], "\(path)")
            }
        }
    }

    @Test("include=names embeds the axis, group, lead and contributors' names; without it, no names")
    func includeNames() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.axes.create(
                AxisInput(number: 2, title: "Renforcer les dispositifs de médiation numérique"), by: .commandLine)
            let group = try await services.makeGroup(axisId: axis.axis.id!, name: "Médiation")
            let lead = try await services.makePartner("Gers Numérique", kind: .gip)
            let contributor = try await services.makePartner("Réseau des médiathèques", kind: .network)
            let action = try await services.actions.create(
                ActionInput(
                    axisId: axis.axis.id!, groupId: group.group.id!, leadPartnerId: lead.partner.id!,
                    contributorIds: [contributor.partner.id!], title: "Former les agents d'accueil"),
                by: .commandLine)
            let bare = try await services.makeAction(axisId: axis.axis.id!)
            // MUT
            let page = try await client.execute(uri: "/actions?include=names", method: .get) {
                try $0.decoded(Components.Schemas.ActionPage.self)
            }
            // validate
            let names = try #require(page.items.first { $0.id == action.action.id! }?.names)
            #expect(names.axis.name == "Renforcer les dispositifs de médiation numérique")
            #expect(names.axis.id == axis.axis.id!)
            #expect(names.axisNumber == 2)
            #expect(names.group?.name == "Médiation")
            #expect(names.leadPartner?.name == "Gers Numérique")
            #expect(names.contributors.map(\.name) == ["Réseau des médiathèques"])
            let bareNames = try #require(page.items.first { $0.id == bare.action.id! }?.names)
            #expect(bareNames.group == nil && bareNames.leadPartner == nil && bareNames.contributors.isEmpty)
            let plain = try await client.execute(uri: "/actions", method: .get) {
                try $0.decoded(Components.Schemas.ActionPage.self)
            }
            #expect(plain.items.allSatisfy { $0.names == nil })
            try await client.execute(uri: "/actions?include=everything", method: .get) {
                $0.expectProblem(.badRequest)
            }
        }
    }
}
