import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// Sub-resources (indicators, allocations, group members) carry an `ETag` and honour
/// `If-None-Match` and `If-Match` like the top-level resources (issue 14).
@Suite("ETags of sub-resources")
struct SubresourceTagsTests {
    /// One sub-resource of each kind, with its URI and a patch that changes it.
    struct Subresource: Sendable {
        let uri: String
        let patch: String
    }

    static func subresources(_ services: RoadmapServices) async throws -> [Subresource] {
        let axis = try await services.makeAxis()
        let action = try await services.makeAction(axisId: axis.axis.id!, budgetCents: 500_000)
        let actionId = action.action.id!
        let indicator = try await services.actions.addIndicator(
            actionId: actionId, IndicatorInput(name: "Médiateurs formés", unit: "personnes", targetValue: 20),
            by: .commandLine)
        let funder = try await services.makePartner("Préfecture d'essai", kind: .stateService)
        let envelope = try await services.makeEnvelope(funderId: funder.partner.id!)
        let allocation = try await services.makeAllocation(
            envelopeId: envelope.envelope.id!, actionId: actionId, amountCents: 100_000)
        let group = try await services.makeGroup(axisId: axis.axis.id!)
        let partner = try await services.makePartner("Membre d'essai")
        try await services.makeMember(groupId: group.group.id!, partnerId: partner.partner.id!)
        return [
            Subresource(uri: "/actions/\(actionId)/indicators/\(indicator.id!)", patch: #"{"currentValue": 7}"#),
            Subresource(
                uri: "/funding/envelopes/\(envelope.envelope.id!)/allocations/\(allocation.id!)",
                patch: #"{"amountCents": 90000}"#),
            Subresource(uri: "/groups/\(group.group.id!)/members/\(partner.partner.id!)", patch: #"{"role": "lead"}"#),
        ]
    }

    @Test("GET of each sub-resource answers its ETag, and If-None-Match with it answers 304")
    func getWithTag() async throws {
        try await withApp(seed: .none) { client, services in
            for subresource in try await Self.subresources(services) {
                // MUT
                let tag = try await client.execute(uri: subresource.uri, method: .get) { response in
                    #expect(response.status == .ok, "\(subresource.uri)")
                    return try #require(response.headers[.eTag], "\(subresource.uri) has no ETag")
                }
                // validate
                try await client.execute(uri: subresource.uri, method: .get, headers: [.ifNoneMatch: tag]) {
                    #expect($0.status == .notModified, "\(subresource.uri)")
                    #expect($0.headers[.eTag] == tag)
                }
            }
        }
    }

    @Test("a PATCH with a stale If-Match is a 412 and changes nothing; with the current one it passes with a new tag")
    func patchWithTag() async throws {
        try await withApp(seed: .none) { client, services in
            for subresource in try await Self.subresources(services) {
                // setup
                let (tag, before) = try await client.execute(uri: subresource.uri, method: .get) {
                    (try #require($0.headers[.eTag]), String(buffer: $0.body))
                }
                // MUT: stale
                try await client.execute(
                    uri: subresource.uri, method: .patch,
                    headers: [.contentType: "application/json", .ifMatch: "\"0123456789abcdef\""],
                    body: json(subresource.patch)
                ) { $0.expectProblem(.preconditionFailed) }
                // validate: unchanged
                try await client.execute(uri: subresource.uri, method: .get) {
                    #expect(String(buffer: $0.body) == before, "\(subresource.uri) changed despite the 412")
                }
                // MUT: current
                let newTag = try await client.execute(
                    uri: subresource.uri, method: .patch, headers: [.contentType: "application/json", .ifMatch: tag],
                    body: json(subresource.patch)
                ) { response in
                    #expect(response.status == .ok, "\(subresource.uri)")
                    return try #require(response.headers[.eTag], "PATCH \(subresource.uri) has no ETag")
                }
                // validate
                #expect(newTag != tag)
                try await client.execute(uri: subresource.uri, method: .get) { #expect($0.headers[.eTag] == newTag) }
            }
        }
    }

    @Test("a DELETE with a stale If-Match is a 412 and keeps the sub-resource; with the current one it deletes")
    func deleteWithTag() async throws {
        try await withApp(seed: .none) { client, services in
            for subresource in try await Self.subresources(services) {
                // setup
                let tag = try await client.execute(uri: subresource.uri, method: .get) {
                    try #require($0.headers[.eTag])
                }
                // MUT: stale
                try await client.execute(uri: subresource.uri, method: .delete, headers: [.ifMatch: "\"00\""]) {
                    $0.expectProblem(.preconditionFailed)
                }
                try await client.execute(uri: subresource.uri, method: .get) { #expect($0.status == .ok) }
                // MUT: current
                try await client.execute(uri: subresource.uri, method: .delete, headers: [.ifMatch: tag]) {
                    #expect($0.status == .noContent, "\(subresource.uri)")
                }
                // validate
                try await client.execute(uri: subresource.uri, method: .get) { $0.expectProblem(.notFound) }
            }
        }
    }

    @Test("creating a sub-resource answers the ETag that a GET of it then answers")
    func createWithTag() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis()
            let action = try await services.makeAction(axisId: axis.axis.id!, budgetCents: 500_000)
            let funder = try await services.makePartner("Financeur", kind: .stateService)
            let envelope = try await services.makeEnvelope(funderId: funder.partner.id!)
            let group = try await services.makeGroup(axisId: axis.axis.id!)
            let partner = try await services.makePartner("Nouveau membre")
            let creations = [
                (
                    "/actions/\(action.action.id!)/indicators",
                    #"{"name": "Ateliers", "unit": "ateliers", "targetValue": 12}"#
                ),
                (
                    "/funding/envelopes/\(envelope.envelope.id!)/allocations",
                    #"{"actionId": \#(action.action.id!), "amountCents": 50000}"#
                ),
                ("/groups/\(group.group.id!)/members", #"{"partnerId": \#(partner.partner.id!)}"#),
            ]
            for (uri, body) in creations {
                // MUT
                let (location, tag) = try await client.execute(
                    uri: uri, method: .post, headers: [.contentType: "application/json"], body: json(body)
                ) { response in
                    #expect(response.status == .created, "\(uri)")
                    return (try #require(response.headers[.location]), try #require(response.headers[.eTag], "\(uri)"))
                }
                // validate
                try await client.execute(uri: location, method: .get) {
                    #expect($0.headers[.eTag] == tag, "\(location)")
                }
            }
        }
    }
}
