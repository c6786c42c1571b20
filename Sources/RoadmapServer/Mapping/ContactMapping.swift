import Roadmap
import RoadmapAPI

extension Components.Schemas.Contact {
    init(_ contact: Contact) {
        self.init(
            id: contact.id!, partnerId: contact.partnerId, name: contact.name, function: contact.function,
            email: contact.email, phone: contact.phone, fneReferent: contact.fneReferent,
            createdAt: contact.createdAt, updatedAt: contact.updatedAt)
    }
}

extension ContactInput {
    init(_ body: Components.Schemas.ContactCreate) {
        self.init(
            name: body.name, function: body.function, email: body.email, phone: body.phone,
            fneReferent: body.fneReferent ?? false)
    }
}

extension ContactPatch {
    init(_ body: Components.Schemas.ContactPatch) throws {
        var reader = PatchReader(Components.Schemas.ContactPatch.CodingKeys.self)
        self.init()
        name = reader.required(body.name, .name)
        function = reader.optional(body.function, .function)
        email = reader.optional(body.email, .email)
        phone = reader.optional(body.phone, .phone)
        fneReferent = reader.required(body.fneReferent, .fneReferent)
        try reader.finish()
    }
}
