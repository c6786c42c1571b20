import Foundation
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

@Suite("Actions over HTTP")
struct ActionsEndpointTests {
    /// An axis with a group, and three partners: a lead and two contributors.
    private struct Setting {
        let axis: Int64
        let group: Int64
        let lead: Int64
        let contributors: [Int64]
    }

    private func setting(_ services: RoadmapServices) async throws -> Setting {
        let axis = try await services.makeAxis(number: 50, title: "Axe d'essai")
        let group = try await services.makeGroup(axisId: axis.axis.id!, name: "Groupe d'essai")
        let lead = try await services.makePartner("Médiathèque d'essai")
        let first = try await services.makePartner("Centre social d'essai")
        let second = try await services.makePartner("Tiers-lieu d'essai")
        return Setting(
            axis: axis.axis.id!, group: group.group.id!, lead: lead.partner.id!,
            contributors: [first.partner.id!, second.partner.id!])
    }

    private func createBody(_ setting: Setting) -> String {
        """
        {"axisId": \(setting.axis), "groupId": \(setting.group), "leadPartnerId": \(setting.lead), "contributorIds": [\(setting.contributors.map(String.init).joined(separator: ", "))],
         "title": "Médiation numérique itinérante", "startOn": "2025-03-01", "endOn": "2026-12-31", "budgetCents": 1500000, "targetAudience": "Seniors"}
        """
    }

    @Test("a new user's tour: create, move through the workflow, measure, find, see the axis summary change")
    func tour() async throws {
        try await withApp { client, services in
            // setup
            let setting = try await setting(services)
            // MUT: create
            let id = try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders, body: json(createBody(setting))
            ) { response in
                #expect(response.status == .created)
                let action = try response.decoded(Components.Schemas.Action.self)
                #expect(action.status == .draft)
                #expect(action.allowedTransitions == [.planned, .abandoned])
                #expect(action.axisId == setting.axis)
                #expect(action.groupId == setting.group)
                #expect(action.leadPartnerId == setting.lead)
                #expect(action.contributorIds == setting.contributors)
                return action.id
            }
            // MUT: move through the workflow
            for status in ["planned", "in_progress"] {
                try await client.execute(
                    uri: "/actions/\(id)", method: .patch, headers: jsonHeaders,
                    body: json(#"{"status": "\#(status)"}"#)
                ) {
                    #expect($0.status == .ok)
                }
            }
            // MUT: measure
            let indicator = try await client.execute(
                uri: "/actions/\(id)/indicators", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "médiateurs formés", "unit": "personnes", "targetValue": 40}"#)
            ) { response in
                #expect(response.status == .created)
                return try response.decoded(Components.Schemas.Indicator.self).id
            }
            try await client.execute(
                uri: "/actions/\(id)/indicators/\(indicator)", method: .patch, headers: jsonHeaders,
                body: json(#"{"currentValue": 30, "measuredOn": "2025-10-01"}"#)
            ) { response in
                let measured = try response.decoded(Components.Schemas.Indicator.self)
                #expect(measured.achievementBasisPoints == 7_500)
            }
            // validate: find
            try await client.execute(
                uri: "/actions?q=mediation%20numerique&status=in_progress&status=planned", method: .get
            ) { response in
                let items = try response.decoded(Components.Schemas.ActionPage.self).items
                #expect(items.map(\.id) == [id])
                #expect(items.first?.progressBasisPoints == 7_500)
                #expect(items.first?.status == .inProgress)
            }
            // validate: the axis summary
            try await client.execute(uri: "/axes/\(setting.axis)", method: .get) { response in
                let summary = try response.decoded(Components.Schemas.Axis.self).summary
                #expect(summary.total == 1)
                #expect(summary.byStatus.inProgress == 1)
                #expect(summary.averageProgressBasisPoints == 7_500)
            }
        }
    }

    @Test("a transition the workflow does not allow is a 409 problem naming the allowed ones")
    func forbiddenTransition() async throws {
        try await withApp { client, services in
            // setup
            let setting = try await setting(services)
            let action = try await services.makeAction(axisId: setting.axis, title: "Médiation numérique itinérante")
            // MUT
            try await client.execute(
                uri: "/actions/\(action.action.id!)", method: .patch, headers: jsonHeaders,
                body: json(#"{"status": "done"}"#)
            ) { response in
                // validate
                response.expectProblem(.conflict)
                let problem = try response.problem()
                #expect(problem.detail?.contains("planned, abandoned") == true)
            }
            #expect(try await services.actions.get(id: action.action.id!).action.status == .draft)
        }
    }

    @Test("a group of another axis is a 422 problem naming groupId")
    func groupOfAnotherAxis() async throws {
        try await withApp { client, services in
            let setting = try await setting(services)
            let other = try await services.makeAxis(number: 51, title: "Autre axe")
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(#"{"axisId": \#(other.axis.id!), "groupId": \#(setting.group), "title": "X"}"#)
            ) { response in
                response.expectProblem(.unprocessableContent)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["groupId"])
            }
        }
    }

    @Test("a negative budget and an end before the start are a 400 problem naming both")
    func invalidBudgetAndDates() async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis()
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"axisId": \#(axis.axis.id!), "title": "X", "startOn": "2025-06-01", "endOn": "2025-01-01", "budgetCents": -5}"#
                )
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["budgetCents", "endOn"])
            }
        }
    }

    @Test("an unknown status filter is a 400 problem")
    func unknownStatusFilter() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/actions?status=finished", method: .get) { $0.expectProblem(.badRequest) }
        }
    }

    @Test("a date filter that is not a date is a 400 problem naming it")
    func invalidDateFilter() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/actions?endFrom=tomorrow", method: .get) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["endFrom"])
            }
        }
    }

    @Test("an unknown sort is a 400 problem")
    func unknownSort() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/actions?sort=relevance", method: .get) { $0.expectProblem(.badRequest) }
        }
    }

    @Test("the summary changes the axis's ETag")
    func summaryChangesETag() async throws {
        try await withApp { client, services in
            // setup
            let axis = try await services.makeAxis()
            let before = try await client.execute(uri: "/axes/\(axis.axis.id!)", method: .get) { $0.headers[.eTag] }
            // MUT
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(#"{"axisId": \#(axis.axis.id!), "title": "Nouvelle action"}"#)
            ) {
                #expect($0.status == .created)
            }
            // validate
            try await client.execute(
                uri: "/axes/\(axis.axis.id!)", method: .get, headers: [.ifNoneMatch: before ?? ""]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != before)
                let summary = try response.decoded(Components.Schemas.Axis.self).summary
                #expect(summary.total == 1)
            }
        }
    }
}
