import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@Suite("Actions over HTTP")
struct ActionsEndpointTests {
    @Test("a new user's tour: create, move through the workflow, measure, find, see the axis summary change")
    func tour() async throws {
        try await withApp { client, _ in
            let id = try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(
                    """
                    {"axisId": 1, "groupId": 1, "leadPartnerId": 3, "contributorIds": [4, 5], "title": "Médiation numérique itinérante",
                     "startOn": "2025-03-01", "endOn": "2026-12-31", "budgetCents": 1500000, "targetAudience": "Seniors"}
                    """)
            ) { response in
                #expect(response.status == .created)
                #expect(response.object["status"] as? String == "draft")
                #expect(response.object["allowedTransitions"] as? [String] == ["planned", "abandoned"])
                return try #require(response.object["id"] as? Int)
            }
            try await client.execute(
                uri: "/actions/\(id)", method: .patch, headers: jsonHeaders, body: json(#"{"status": "done"}"#)
            ) { response in
                response.expectProblem(.conflict)
                #expect((response.object["detail"] as? String)?.contains("planned, abandoned") == true)
            }
            for status in ["planned", "in_progress"] {
                try await client.execute(
                    uri: "/actions/\(id)", method: .patch, headers: jsonHeaders,
                    body: json(#"{"status": "\#(status)"}"#)
                ) {
                    #expect($0.status == .ok)
                }
            }
            let indicator = try await client.execute(
                uri: "/actions/\(id)/indicators", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "médiateurs formés", "unit": "personnes", "targetValue": 40}"#)
            ) { response in
                #expect(response.status == .created)
                return try #require(response.object["id"] as? Int)
            }
            try await client.execute(
                uri: "/actions/\(id)/indicators/\(indicator)", method: .patch, headers: jsonHeaders,
                body: json(#"{"currentValue": 30, "measuredOn": "2025-10-01"}"#)
            ) { response in
                #expect(response.object["achievementBasisPoints"] as? Int == 7_500)
            }
            try await client.execute(
                uri: "/actions?q=mediation%20numerique&status=in_progress&status=planned", method: .get
            ) { response in
                let items = response.object["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["id"] as? Int } == [id])
                #expect(items.first?["progressBasisPoints"] as? Int == 7_500)
            }
            try await client.execute(uri: "/axes/1", method: .get) { response in
                let summary = response.object["summary"] as? [String: Any] ?? [:]
                #expect(summary["total"] as? Int == 1)
                #expect((summary["byStatus"] as? [String: Any])?["in_progress"] as? Int == 1)
                #expect(summary["averageProgressBasisPoints"] as? Int == 7_500)
            }
        }
    }

    @Test("rules are 4xx problems naming the field")
    func problems() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(#"{"axisId": 2, "groupId": 1, "title": "X"}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                #expect(response.problemFields == ["groupId"])
            }
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"axisId": 1, "title": "X", "startOn": "2025-06-01", "endOn": "2025-01-01", "budgetCents": -5}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["budgetCents", "endOn"])
            }
            try await client.execute(uri: "/actions?status=finished", method: .get) { $0.expectProblem(.badRequest) }
            try await client.execute(uri: "/actions?endFrom=tomorrow", method: .get) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["endFrom"])
            }
            try await client.execute(uri: "/actions?sort=relevance", method: .get) { $0.expectProblem(.badRequest) }
        }
    }

    @Test("the summary changes the axis's ETag")
    func summaryChangesETag() async throws {
        try await withApp { client, _ in
            let before = try await client.execute(uri: "/axes/2", method: .get) { $0.headers[.eTag] }
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(#"{"axisId": 2, "title": "Nouvelle action"}"#)
            ) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/axes/2", method: .get, headers: [.ifNoneMatch: before ?? ""]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != before)
            }
        }
    }
}
