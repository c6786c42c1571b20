import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@Suite("Partners and groups over HTTP")
struct PartnersGroupsEndpointTests {
    @Test("create, read, patch and delete a partner")
    func partnerLifecycle() async throws {
        try await withApp { client, _ in
            let id = try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders,
                body: json(
                    """
                    {"name": "Réseau des médiathèques", "kind": "network", "roles": ["working_group_member"], "siret": "73282932000074",
                     "email": "contact@mediatheques.gers.fr", "website": "https://mediatheques.gers.fr"}
                    """)
            ) { response in
                #expect(response.status == .created)
                #expect((response.object["roles"] as? [String]) == ["working_group_member"])
                return try #require(response.object["id"] as? Int)
            }
            try await client.execute(uri: "/partners?q=reseau", method: .get) { response in
                #expect((response.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            }
            try await client.execute(
                uri: "/partners/\(id)", method: .patch, headers: jsonHeaders,
                body: json(#"{"email": null, "kind": "association"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.object["email"] == nil)
                #expect(response.object["kind"] as? String == "association")
            }
            try await client.execute(uri: "/partners/\(id)", method: .delete) { #expect($0.status == .noContent) }
        }
    }

    @Test("validation and conflicts are problems naming the field and the rule")
    func partnerProblems() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "GERS NUMERIQUE", "kind": "other"}"#)
            ) {
                $0.expectProblem(.conflict)
            }
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "X", "kind": "other", "siret": "12345678901234", "email": "x"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["siret", "email"])
            }
            try await client.execute(
                uri: "/partners", method: .post, headers: jsonHeaders, body: json(#"{"name": "X", "kind": "mairie"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["kind"])
            }
            try await client.execute(uri: "/partners/1", method: .delete) { response in
                response.expectProblem(.conflict)
                #expect(!((response.object["references"] as? [[String: Any]]) ?? []).isEmpty)
            }
        }
    }

    @Test("registration: 201, then 409 twice; one lead; the partner lists its groups")
    func membership() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/groups/1/members", method: .post, headers: jsonHeaders,
                body: json(#"{"partnerId": 3, "role": "lead"}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/groups/1/members/3")
            }
            try await client.execute(
                uri: "/groups/1/members", method: .post, headers: jsonHeaders, body: json(#"{"partnerId": 3}"#)
            ) { $0.expectProblem(.conflict) }
            try await client.execute(
                uri: "/groups/1/members", method: .post, headers: jsonHeaders,
                body: json(#"{"partnerId": 4, "role": "lead"}"#)
            ) { $0.expectProblem(.conflict) }
            try await client.execute(
                uri: "/groups/1/members", method: .post, headers: jsonHeaders, body: json(#"{"partnerId": 999}"#)
            ) { $0.expectProblem(.unprocessableContent) }
            try await client.execute(uri: "/partners/3", method: .get) { response in
                let groups = response.object["groups"] as? [[String: Any]] ?? []
                #expect(groups.first?["groupId"] as? Int == 1 && groups.first?["role"] as? String == "lead")
            }
            try await client.execute(uri: "/groups/1/members", method: .get) { response in
                #expect(
                    (response.object["items"] as? [[String: Any]])?.first?["partnerName"] as? String == "Gers Numérique"
                )
            }
            try await client.execute(uri: "/groups/1/members/3", method: .delete) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/groups/1/members/3", method: .delete) { $0.expectProblem(.notFound) }
        }
    }

    @Test("delete a group with members: 409; with ?archive=true: 200 archived")
    func archive() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/groups/2/members", method: .post, headers: jsonHeaders, body: json(#"{"partnerId": 5}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(uri: "/groups/2", method: .delete) { $0.expectProblem(.conflict) }
            try await client.execute(uri: "/groups/2?archive=true", method: .delete) { response in
                #expect(response.status == .ok)
                #expect(response.object["archived"] as? Bool == true)
            }
            try await client.execute(uri: "/groups", method: .get) { response in
                #expect(!((response.object["items"] as? [[String: Any]]) ?? []).contains { $0["id"] as? Int == 2 })
            }
            try await client.execute(uri: "/groups?state=archived", method: .get) { response in
                #expect((response.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [2])
            }
        }
    }

    @Test("meetings and their iCalendar feeds")
    func meetings() async throws {
        try await withApp { client, _ in
            let location = try await client.execute(
                uri: "/groups/1/meetings", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"startsAt": "2025-03-10T14:00:00+01:00", "endsAt": "2025-03-10T16:30:00+01:00", "agenda": "Bilan, suites; questions"}"#
                )
            ) { response in
                #expect(response.status == .created)
                #expect(response.object["startsAt"] as? String == "2025-03-10T14:00:00+01:00")
                return try #require(response.headers[.location])
            }
            try await client.execute(uri: location, method: .get) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/groups/1/meetings", method: .post, headers: jsonHeaders,
                body: json(#"{"startsAt": "2025-03-10T16:00:00+01:00", "endsAt": "2025-03-10T14:00:00+01:00"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["endsAt"])
            }
            try await client.execute(uri: "/groups/1/meetings.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/calendar") == true)
                #expect(
                    String(buffer: response.body).contains("DESCRIPTION:Ordre du jour :\\nBilan\\, suites\\; questions")
                )
            }
            try await client.execute(uri: "/meetings.ics", method: .get) {
                #expect(String(buffer: $0.body).contains("BEGIN:VEVENT"))
            }
            try await client.execute(uri: "/groups/99/meetings.ics", method: .get) { $0.expectProblem(.notFound) }
        }
    }
}
