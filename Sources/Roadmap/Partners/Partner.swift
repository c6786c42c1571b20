import Foundation
import GRDB

/// An actor of the roadmap: a governance member, a co-signatory, a funder, a consultant…
public struct Partner: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "partner"

    public var id: Int64?
    /// As written by the user; unique once case and accents are ignored (see `nameKey`).
    public var name: String { didSet { nameKey = TextKey.fold(name) } }
    /// `TextKey.fold(name)`, kept in step by `name`: what uniqueness and search compare.
    public var nameKey: String
    public var kind: PartnerKind
    /// 14 digits with a valid Luhn checksum, when known.
    public var siret: String?
    /// The number of an association in the Répertoire national des associations, `W` and 9
    /// digits: how the SCDL names a beneficiary without SIRET.
    public var rna: String?
    public var website: String?
    public var email: String?
    public var notes: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, name: String, kind: PartnerKind, siret: String? = nil, rna: String? = nil,
        website: String? = nil, email: String? = nil, notes: String? = nil, createdAt: Date = .unstamped,
        updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.name = name
        self.nameKey = TextKey.fold(name)
        self.kind = kind
        self.siret = siret
        self.rna = rna
        self.website = website
        self.email = email
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let nameKey = Column(CodingKeys.nameKey)
        static let kind = Column(CodingKeys.kind)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.line(name, "name")
        if let siret, let problem = Identifiers.siretProblem(siret) { v.fail("siret", problem) }
        if let rna, let problem = Identifiers.rnaProblem(rna) { v.fail("rna", problem) }
        v.webURL(website, "website")
        if let email, let problem = Identifiers.emailProblem(email) { v.fail("email", problem) }
        v.paragraph(notes, "notes")
    }
}

/// The typology of partners.
public enum PartnerKind: String, Codable, Sendable, CaseIterable {
    case stateService = "state_service"
    case departement
    case epci
    case commune
    case association
    case gip
    case company
    case network
    case other
}

/// What a partner does in the roadmap; a partner may have several roles.
public enum PartnerRole: String, Codable, Sendable, CaseIterable, Comparable {
    case signatory
    case pilot
    case governanceMember = "governance_member"
    case funder
    case consultant
    case coordinator
    case workingGroupMember = "working_group_member"

    public static func < (lhs: PartnerRole, rhs: PartnerRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One role of one partner (table `partnerRole`).
struct PartnerRoleRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "partnerRole"

    var partnerId: Int64
    var role: PartnerRole

    enum Columns {
        static let partnerId = Column(CodingKeys.partnerId)
        static let role = Column(CodingKeys.role)
    }
}
