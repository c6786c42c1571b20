import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// Ids and amounts are declared int64: the whole range is accepted as a number, and each value
/// then meets the rule of its field (an id that names nothing, an amount over the cap).
@Suite("Numbers over the declared int64 range")
struct NumberRangeTests {
    @Test(
        "an id at either end of int64 is read, and names nothing (422 naming the field)",
        arguments: [
            (#"{"axisId": 9223372036854775807, "title": "Médiation"}"#, "axisId"),
            (#"{"axisId": AXIS, "title": "Médiation", "leadPartnerId": 9223372036854775807}"#, "leadPartnerId"),
            (#"{"axisId": AXIS, "title": "Médiation", "contributorIds": [-9223372036854775808]}"#, "contributorIds[0]"),
        ])
    func idsAtTheEnds(body: String, field: String) async throws {
        try await withApp { client, services in
            // setup: AXIS is an axis that exists, so that only the id at the end of int64 names nothing
            let axis = try await services.makeAxis()
            let body = body.replacingOccurrences(of: "AXIS", with: "\(axis.axis.id!)")
            try await client.execute(uri: "/actions", method: .post, headers: jsonHeaders, body: json(body)) {
                response in
                response.expectProblem(.unprocessableContent)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == [field])
            }
        }
    }

    @Test(
        "an amount of int64 max meets the amount cap; one more is out of the declared range",
        arguments: [
            ("9223372036854775807", "must be at most"), ("9223372036854775808", "out of range"),
            ("1.5", "whole number"),
            ("-9223372036854779999", "out of range"), ("9223372036854775807.0", "out of range"),
            ("1e19", "out of range"),
        ])
    func amounts(value: String, message: String) async throws {
        try await withApp { client, services in
            let axis = try await services.makeAxis()
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(#"{"axisId": \#(axis.axis.id!), "title": "Médiation", "budgetCents": \#(value)}"#)
            ) { response in
                response.expectProblem(.badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["budgetCents"])
                #expect(problem.detail?.contains(message) == true)
            }
        }
    }
}
