import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

/// Contacts: personal data (the access policy reads `x-personal-data` from the contract).
extension API {
    func listContacts(_ input: Operations.ListContacts.Input) async throws -> Operations.ListContacts.Output {
        let contacts = try await services.contacts.contacts(partnerId: input.path.id)
        return .ok(.init(body: .json(.init(items: contacts.map(Components.Schemas.Contact.init)))))
    }

    func createContact(_ input: Operations.CreateContact.Input) async throws -> Operations.CreateContact.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Contact(
            try await services.contacts.create(partnerId: input.path.id, ContactInput(create), by: caller))
        return .created(
            .init(
                headers: .init(location: "/partners/\(body.partnerId)/contacts/\(body.id)", eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getContact(_ input: Operations.GetContact.Input) async throws -> Operations.GetContact.Output {
        let body = Components.Schemas.Contact(
            try await services.contacts.contact(partnerId: input.path.id, id: input.path.contactId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateContact(_ input: Operations.UpdateContact.Input) async throws -> Operations.UpdateContact.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let body = Components.Schemas.Contact(
            try await services.contacts.update(
                partnerId: input.path.id, id: input.path.contactId, try ContactPatch(patch), by: caller,
                ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Contact($0) }))
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteContact(_ input: Operations.DeleteContact.Input) async throws -> Operations.DeleteContact.Output {
        try await services.contacts.delete(
            partnerId: input.path.id, id: input.path.contactId, erase: input.query.erase ?? false, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Contact($0) })
        return .noContent(.init())
    }
}
