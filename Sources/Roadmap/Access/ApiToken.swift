import Foundation
import GRDB

/// What a token may do. Each role includes the ones before it.
public enum AccessRole: String, Codable, Sendable, CaseIterable, Comparable {
    /// Read the roadmap (needed only when reads are restricted).
    case reader
    /// Also create, change and delete content.
    case editor
    /// Also manage tokens, read the audit trail, export, and other destructive operations.
    case admin

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An API token. Only a SHA-256 hash of its secret is stored; the secret is shown once, at
/// creation. A revoked token is kept (with `revokedAt`) so that the audit trail keeps its name.
public struct ApiToken: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "apiToken"

    public var id: Int64?
    /// Who or what uses it (« script Gers Numérique »): the audit trail records changes under
    /// this name.
    public var name: String
    public var role: AccessRole
    /// Hex SHA-256 of the secret part of the token.
    public var secretHash: String
    public var createdAt: Date
    public var createdBy: String
    public var revokedAt: Date?

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var isRevoked: Bool { revokedAt != nil }
}

/// A token as it may be shown: everything but the hash.
public struct ApiTokenInfo: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let role: AccessRole
    public let createdAt: Date
    public let createdBy: String
    public let revokedAt: Date?

    init(_ token: ApiToken) {
        id = token.id!
        name = token.name
        role = token.role
        createdAt = token.createdAt
        createdBy = token.createdBy
        revokedAt = token.revokedAt
    }
}

/// A new token and its secret, which is never stored and cannot be shown again.
public struct IssuedToken: Sendable {
    public let token: ApiTokenInfo
    /// `fne_<id>_<secret>`: send it as `Authorization: Bearer <secret>`.
    public let secret: String
}
