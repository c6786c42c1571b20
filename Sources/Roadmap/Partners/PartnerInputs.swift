import GRDB

/// A new partner.
public struct PartnerInput: Sendable, Equatable {
    public var name: String
    public var kind: PartnerKind
    public var roles: [PartnerRole]
    public var siret: String?
    public var rna: String?
    public var website: String?
    public var email: String?
    public var notes: String?

    public init(
        name: String, kind: PartnerKind, roles: [PartnerRole] = [], siret: String? = nil, rna: String? = nil,
        website: String? = nil, email: String? = nil, notes: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.roles = roles
        self.siret = siret
        self.rna = rna
        self.website = website
        self.email = email
        self.notes = notes
    }
}

extension PartnerInput {
    /// The new partner, before it is validated and stamped.
    var record: Partner {
        Partner(name: name, kind: kind, siret: siret, rna: rna, website: website, email: email, notes: notes)
    }
}

/// A change to a partner (merge patch; `roles` replaces the whole set).
public struct PartnerPatch: Sendable, Equatable {
    public var name: Patch<String> = .keep
    public var kind: Patch<PartnerKind> = .keep
    public var roles: Patch<[PartnerRole]> = .keep
    public var siret: Patch<String?> = .keep
    public var rna: Patch<String?> = .keep
    public var website: Patch<String?> = .keep
    public var email: Patch<String?> = .keep
    public var notes: Patch<String?> = .keep

    public init() {}
}

extension PartnerPatch {
    /// Writes the patched fields into `partner` (the roles are rows of their own).
    func apply(to partner: inout Partner) {
        name.apply(to: &partner.name)
        kind.apply(to: &partner.kind)
        siret.apply(to: &partner.siret)
        rna.apply(to: &partner.rna)
        website.apply(to: &partner.website)
        email.apply(to: &partner.email)
        notes.apply(to: &partner.notes)
    }
}

/// Which partners to list.
public struct PartnerQuery: Sendable, Equatable {
    /// Only these partners (``ListIds``); empty for all.
    public var ids: [Int64]
    public var kind: PartnerKind?
    public var role: PartnerRole?
    /// Searched in names, ignoring case and accents (« reseau » finds « Réseau »).
    public var text: String?
    /// By `name` unless told.
    public var sort: Sort<PartnerSortField>?
    public var page: PageRequest

    public init(
        ids: [Int64] = [], kind: PartnerKind? = nil, role: PartnerRole? = nil, text: String? = nil,
        sort: Sort<PartnerSortField>? = nil, page: PageRequest
    ) {
        self.ids = ids
        self.kind = kind
        self.role = role
        self.text = text
        self.sort = sort
        self.page = page
    }
}

/// A partner with its roles and the working groups it belongs to.
public struct PartnerDetail: Sendable, Equatable, Encodable {
    public var partner: Partner
    public var roles: [PartnerRole]
    public var groups: [Membership]

    /// One working group a partner belongs to.
    public struct Membership: Sendable, Equatable, Encodable {
        public var groupId: Int64
        public var groupName: String
        public var role: GroupMemberRole
    }

    /// How the change log shows a partner: its fields and roles (memberships have their own).
    struct LogEntry: Encodable {
        let detail: PartnerDetail

        func encode(to encoder: any Encoder) throws {
            try detail.partner.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(detail.roles, forKey: .roles)
        }

        private enum Key: String, CodingKey { case roles }
    }
}

/// What partners sort by; names ignoring case and accents.
public enum PartnerSortField: String, SortField {
    case name, createdAt, updatedAt

    public func orderingExpression(_ alias: TableAlias<Partner>) -> SQLExpression {
        switch self {
        case .name: alias[Partner.Columns.nameKey]
        case .createdAt: alias[Partner.Columns.createdAt]
        case .updatedAt: alias[Partner.Columns.updatedAt]
        }
    }

    public func value(of partner: Partner) -> DatabaseValue {
        switch self {
        case .name: partner.nameKey.databaseValue
        case .createdAt: partner.createdAt.databaseValue
        case .updatedAt: partner.updatedAt.databaseValue
        }
    }
}
