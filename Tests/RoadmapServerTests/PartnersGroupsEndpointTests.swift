import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

@Suite("Partners and groups over HTTP")
struct PartnersGroupsEndpointTests {
    @Test("POST /partners creates a partner with its roles: 201")
    func createPartner() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders,
                body: json(
                    """
                    {"name": "Réseau des médiathèques", "kind": "network", "roles": ["working_group_member"], "siret": "73282932000074",
                     "email": "contact@mediatheques.gers.fr", "website": "https://mediatheques.gers.fr"}
                    """)
            ) { response in
                #expect(response.status == .created)
                let partner = try response.decoded(Components.Schemas.Partner.self)
                #expect(partner.roles == [.workingGroupMember])
                #expect(partner.name == "Réseau des médiathèques")
                #expect(partner.kind == .network)
            }
        }
    }

    @Test("?q= finds a partner regardless of case and accents")
    func searchPartner() async throws {
        try await withApp { client, services in
            let partner = try await services.makePartner("Réseau des médiathèques", kind: .network)
            try await client.execute(uri: "/partners?q=reseau", method: .get) { response in
                let page = try response.decoded(Components.Schemas.PartnerPage.self)
                #expect(page.items.map(\.id) == [partner.partner.id!])
            }
        }
    }

    @Test("PATCH a partner: null clears a member, a value replaces it")
    func patchPartner() async throws {
        try await withApp { client, services in
            let partner = try await services.makePartner(
                "Réseau des médiathèques", kind: .network, email: "contact@mediatheques.gers.fr")
            try await client.execute(
                uri: "/partners/\(partner.partner.id!)", method: .patch, headers: jsonHeaders,
                body: json(#"{"email": null, "kind": "association"}"#)
            ) { response in
                #expect(response.status == .ok)
                let patched = try response.decoded(Components.Schemas.Partner.self)
                #expect(patched.email == nil)
                #expect(patched.kind == .association)
                // the raw document: a cleared member is absent, not null
                #expect(response.object["email"] == nil)
            }
        }
    }

    @Test("DELETE a partner nothing refers to: 204")
    func deletePartner() async throws {
        try await withApp { client, services in
            let partner = try await services.makePartner("Réseau des médiathèques", kind: .network)
            try await client.execute(uri: "/partners/\(partner.partner.id!)", method: .delete) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/partners/\(partner.partner.id!)", method: .get) {
                $0.expectProblem(.notFound)
            }
        }
    }

    @Test("a name that differs from another partner's only by case and accents is a 409 problem")
    func duplicatePartnerName() async throws {
        try await withApp { client, services in
            _ = try await services.makePartner("Réseau Numérique d'essai", kind: .network)
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "RESEAU NUMERIQUE D'ESSAI", "kind": "other"}"#)
            ) {
                $0.expectProblem(.conflict)
            }
        }
    }

    @Test("an invalid SIRET and e-mail are a 400 problem naming both fields")
    func invalidSiretAndEmail() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "X", "kind": "other", "siret": "12345678901234", "email": "x"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["siret", "email"])
            }
        }
    }

    @Test("an unknown partner kind is a 400 problem naming kind")
    func unknownKind() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders, body: json(#"{"name": "X", "kind": "mairie"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["kind"])
            }
        }
    }

    @Test("deleting a partner something refers to is a 409 problem listing the references")
    func deleteReferencedPartner() async throws {
        try await withApp { client, services in
            // setup
            let axis = try await services.makeAxis()
            let partner = try await services.makePartner("Réseau des médiathèques", kind: .network)
            let action = try await services.makeAction(axisId: axis.axis.id!, leadPartnerId: partner.partner.id!)
            // MUT
            try await client.execute(uri: "/partners/\(partner.partner.id!)", method: .delete) { response in
                // validate
                response.expectProblem(.conflict)
                let problem = try response.problem()
                #expect(!(problem.references ?? []).isEmpty)
                #expect(problem.references?.contains { $0.id == action.action.id! } == true)
            }
        }
    }

    /// A group on an axis of its own, and three partners that are in no group.
    private func groupAndPartners(_ services: RoadmapServices) async throws -> (group: Int64, partners: [Int64]) {
        let axis = try await services.makeAxis()
        let group = try await services.makeGroup(axisId: axis.axis.id!)
        var partners: [Int64] = []
        for name in ["Médiathèque d'Auch", "Centre social d'essai", "Tiers-lieu d'essai"] {
            partners.append(try await services.makePartner(name).partner.id!)
        }
        return (group.group.id!, partners)
    }

    @Test("registering a partner in a group is a 201 with the member's Location")
    func register() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await client.execute(
                uri: "/groups/\(group)/members", method: .post, headers: jsonHeaders,
                body: json(#"{"partnerId": \#(partners[0]), "role": "lead"}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/groups/\(group)/members/\(partners[0])")
                let member = try response.decoded(Components.Schemas.Member.self)
                #expect(member.partnerId == partners[0])
                #expect(member.role == .lead)
            }
        }
    }

    @Test("registering a member twice is a 409 problem")
    func registerTwice() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await services.makeMember(groupId: group, partnerId: partners[0], role: .lead)
            try await client.execute(
                uri: "/groups/\(group)/members", method: .post, headers: jsonHeaders,
                body: json(#"{"partnerId": \#(partners[0])}"#)
            ) { $0.expectProblem(.conflict) }
        }
    }

    @Test("a group has one lead: a second is a 409 problem")
    func oneLead() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await services.makeMember(groupId: group, partnerId: partners[0], role: .lead)
            try await client.execute(
                uri: "/groups/\(group)/members", method: .post, headers: jsonHeaders,
                body: json(#"{"partnerId": \#(partners[1]), "role": "lead"}"#)
            ) { $0.expectProblem(.conflict) }
        }
    }

    @Test("registering a partner that does not exist is a 422 problem")
    func registerUnknownPartner() async throws {
        try await withApp { client, services in
            let (group, _) = try await groupAndPartners(services)
            try await client.execute(
                uri: "/groups/\(group)/members", method: .post, headers: jsonHeaders, body: json(#"{"partnerId": 999}"#)
            ) { $0.expectProblem(.unprocessableContent) }
        }
    }

    @Test("a partner lists the groups it is in, with its role")
    func partnerListsGroups() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await services.makeMember(groupId: group, partnerId: partners[0], role: .lead)
            try await client.execute(uri: "/partners/\(partners[0])", method: .get) { response in
                let partner = try response.decoded(Components.Schemas.Partner.self)
                #expect(partner.groups.first?.groupId == group && partner.groups.first?.role == .lead)
            }
        }
    }

    @Test("a group's members list names each partner")
    func membersNamePartners() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await services.makeMember(groupId: group, partnerId: partners[0], role: .lead)
            try await client.execute(uri: "/groups/\(group)/members", method: .get) { response in
                let list = try response.decoded(Components.Schemas.MemberList.self)
                #expect(list.items.first?.partnerName == "Médiathèque d'Auch")
            }
        }
    }

    @Test("removing a member: 204, then 404")
    func removeMember() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await services.makeMember(groupId: group, partnerId: partners[0], role: .lead)
            try await client.execute(uri: "/groups/\(group)/members/\(partners[0])", method: .delete) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/groups/\(group)/members/\(partners[0])", method: .delete) {
                $0.expectProblem(.notFound)
            }
        }
    }

    @Test("deleting a group with members is a 409 problem")
    func deleteGroupWithMembers() async throws {
        try await withApp { client, services in
            let (group, partners) = try await groupAndPartners(services)
            try await client.execute(
                uri: "/groups/\(group)/members", method: .post, headers: jsonHeaders,
                body: json(#"{"partnerId": \#(partners[2])}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(uri: "/groups/\(group)", method: .delete) { $0.expectProblem(.conflict) }
        }
    }

    @Test("DELETE ?archive=true archives a group with members: 200, out of the list, listed as archived")
    func archive() async throws {
        try await withApp { client, services in
            // setup
            let (group, partners) = try await groupAndPartners(services)
            try await services.makeMember(groupId: group, partnerId: partners[2])
            // MUT
            try await client.execute(uri: "/groups/\(group)?archive=true", method: .delete) { response in
                #expect(response.status == .ok)
                let archived = try response.decoded(Components.Schemas.Group.self)
                #expect(archived.archived == true)
            }
            // validate
            try await client.execute(uri: "/groups", method: .get) { response in
                let page = try response.decoded(Components.Schemas.GroupPage.self)
                #expect(!page.items.contains { $0.id == group })
            }
            try await client.execute(uri: "/groups?state=archived", method: .get) { response in
                let page = try response.decoded(Components.Schemas.GroupPage.self)
                #expect(page.items.map(\.id) == [group])
            }
        }
    }

    @Test("a meeting is created with its instants as given: 201 and a Location that reads it")
    func createMeeting() async throws {
        try await withApp { client, services in
            let (group, _) = try await groupAndPartners(services)
            let location = try await client.execute(
                uri: "/groups/\(group)/meetings", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"startsAt": "2025-03-10T14:00:00+01:00", "endsAt": "2025-03-10T16:30:00+01:00", "agenda": "Bilan, suites; questions"}"#
                )
            ) { response in
                #expect(response.status == .created)
                let meeting = try response.decoded(Components.Schemas.Meeting.self)
                #expect(meeting.startsAt == "2025-03-10T14:00:00+01:00")
                return try #require(response.headers[.location])
            }
            try await client.execute(uri: location, method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("a meeting that ends before it starts is a 400 problem naming endsAt")
    func meetingEndsBeforeStart() async throws {
        try await withApp { client, services in
            let (group, _) = try await groupAndPartners(services)
            try await client.execute(
                uri: "/groups/\(group)/meetings", method: .post, headers: jsonHeaders,
                body: json(#"{"startsAt": "2025-03-10T16:00:00+01:00", "endsAt": "2025-03-10T14:00:00+01:00"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["endsAt"])
            }
        }
    }

    @Test("a group's iCalendar feed is text/calendar with the agenda escaped")
    func groupCalendar() async throws {
        try await withApp { client, services in
            let (group, _) = try await groupAndPartners(services)
            try await services.makeMeeting(groupId: group, agenda: "Bilan, suites; questions")
            try await client.execute(uri: "/groups/\(group)/meetings.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/calendar") == true)
                #expect(
                    String(buffer: response.body).contains("DESCRIPTION:Ordre du jour :\\nBilan\\, suites\\; questions")
                )
            }
        }
    }

    @Test("the iCalendar feed of every group has their meetings")
    func allGroupsCalendar() async throws {
        try await withApp { client, services in
            let (group, _) = try await groupAndPartners(services)
            try await services.makeMeeting(groupId: group, agenda: "Bilan, suites; questions")
            try await client.execute(uri: "/meetings.ics", method: .get) {
                #expect(String(buffer: $0.body).contains("BEGIN:VEVENT"))
                #expect(String(buffer: $0.body).contains("DESCRIPTION:Ordre du jour :\\nBilan\\, suites\\; questions"))
            }
        }
    }

    @Test("the iCalendar feed of a group that does not exist is a 404 problem")
    func unknownGroupCalendar() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/groups/999999/meetings.ics", method: .get) { $0.expectProblem(.notFound) }
        }
    }
}
