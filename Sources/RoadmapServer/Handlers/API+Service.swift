import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        do {
            try await services.database.ping()
        } catch {
            throw RoadmapError.unavailable("health check query failed")
        }
        return .ok(.init(body: .json(.init(status: .ok))))
    }

    func getOpenAPIDocument(
        _ input: Operations.GetOpenAPIDocument.Input
    ) async throws -> Operations.GetOpenAPIDocument.Output {
        // application/yaml unless the client asks for text/yaml (and not application/yaml).
        let accepted = input.headers.accept.sortedByQuality().map(\.contentType)
        let body = HTTPBody(openAPIDocument)
        guard let text = accepted.firstIndex(of: .textYaml) else { return .ok(.init(body: .yaml(body))) }
        let yaml = accepted.firstIndex(of: .yaml) ?? accepted.endIndex
        return .ok(.init(body: text < yaml ? .textYaml(body) : .yaml(body)))
    }

    func getOpenAPIDocumentJSON(
        _ input: Operations.GetOpenAPIDocumentJSON.Input
    ) async throws -> Operations.GetOpenAPIDocumentJSON.Output {
        .ok(.init(body: .json(try await contractPages.value.json)))
    }

    func getDocs(_ input: Operations.GetDocs.Input) async throws -> Operations.GetDocs.Output {
        .ok(.init(body: .html(HTTPBody(try await contractPages.value.referencePage))))
    }
}

extension API {
    func getLabels(_ input: Operations.GetLabels.Input) async throws -> Operations.GetLabels.Output {
        .ok(
            .init(
                body: .json(
                    .init(
                        actionStatus: .init(additionalProperties: ActionStatus.frenchLabels),
                        partnerKind: .init(additionalProperties: PartnerKind.frenchLabels),
                        partnerRole: .init(additionalProperties: PartnerRole.frenchLabels),
                        memberRole: .init(additionalProperties: GroupMemberRole.frenchLabels),
                        role: .init(additionalProperties: AccessRole.frenchLabels),
                        changeOperation: .init(additionalProperties: ChangeRecord.Operation.frenchLabels),
                        grantStatus: .init(additionalProperties: GrantStatus.frenchLabels),
                        paymentConditions: .init(additionalProperties: PaymentConditions.frenchLabels),
                        grantNature: .init(additionalProperties: GrantNature.frenchLabels),
                        committeeType: .init(additionalProperties: CommitteeType.frenchLabels),
                        committeeFrequency: .init(additionalProperties: CommitteeFrequency.frenchLabels),
                        membershipStatus: .init(additionalProperties: MembershipStatus.frenchLabels),
                        documentVisibility: .init(additionalProperties: DocumentVisibility.frenchLabels),
                        documentAttachedTo: .init(additionalProperties: DocumentSubject.Kind.frenchLabels)))))
    }
}
