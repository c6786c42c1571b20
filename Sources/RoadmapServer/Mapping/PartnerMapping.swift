import Roadmap
import RoadmapAPI

extension Components.Schemas.Partner {
    init(_ detail: PartnerDetail) {
        let partner = detail.partner
        self.init(
            id: partner.id!, name: partner.name, kind: .init(partner.kind),
            roles: detail.roles.map(Components.Schemas.PartnerRole.init),
            siret: partner.siret, rna: partner.rna, website: partner.website, email: partner.email,
            notes: partner.notes,
            groups: detail.groups.map {
                .init(groupId: $0.groupId, name: $0.groupName, role: .init(mirroring: $0.role))
            },
            createdAt: partner.createdAt, updatedAt: partner.updatedAt)
    }
}

extension Components.Schemas.PartnerKind {
    init(_ kind: PartnerKind) { self.init(mirroring: kind) }
    var domain: PartnerKind { PartnerKind(mirroring: self) }
}

extension Components.Schemas.PartnerRole {
    init(_ role: PartnerRole) { self.init(mirroring: role) }
    var domain: PartnerRole { PartnerRole(mirroring: self) }
}

extension PartnerInput {
    init(_ body: Components.Schemas.PartnerCreate) {
        self.init(
            name: body.name, kind: body.kind.domain, roles: (body.roles ?? []).map(\.domain), siret: body.siret,
            rna: body.rna,
            website: body.website, email: body.email, notes: body.notes)
    }
}

extension PartnerPatch {
    init(_ body: Components.Schemas.PartnerPatch) throws {
        var reader = PatchReader(Components.Schemas.PartnerPatch.CodingKeys.self)
        self.init()
        name = reader.required(body.name, .name)
        kind = reader.required(body.kind?.domain, .kind)
        roles = reader.required(body.roles?.map(\.domain), .roles)
        siret = reader.optional(body.siret, .siret)
        rna = reader.optional(body.rna, .rna)
        website = reader.optional(body.website, .website)
        email = reader.optional(body.email, .email)
        notes = reader.optional(body.notes, .notes)
        try reader.finish()
    }
}
