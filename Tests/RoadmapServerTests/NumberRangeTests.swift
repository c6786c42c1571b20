import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

/// Ids and amounts are declared int64: the whole range is accepted as a number, and each value
/// then meets the rule of its field (an id that names nothing, an amount over the cap).
@Suite("Numbers over the declared int64 range")
struct NumberRangeTests {
    @Test(
        "an id at either end of int64 is read, and names nothing (422)",
        arguments: [
            #"{"axisId": 9223372036854775807, "title": "Médiation"}"#,
            #"{"axisId": 1, "title": "Médiation", "leadPartnerId": 9223372036854775807}"#,
            #"{"axisId": 1, "title": "Médiation", "contributorIds": [-9223372036854775808]}"#,
        ])
    func idsAtTheEnds(body: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/actions", method: .post, headers: jsonHeaders, body: json(body)) {
                response in
                response.expectProblem(.unprocessableContent)
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
        try await withApp { client, _ in
            try await client.execute(
                uri: "/actions", method: .post, headers: jsonHeaders,
                body: json(#"{"axisId": 1, "title": "Médiation", "budgetCents": \#(value)}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["budgetCents"])
                #expect((response.object["detail"] as? String)?.contains(message) == true)
            }
        }
    }
}
