import Foundation
import GRDB

/// A partner registered in a working group (« inscrit »), as its lead/animator or as a member.
public struct GroupMember: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "groupMember"

    public var groupId: Int64
    public var partnerId: Int64
    public var role: GroupMemberRole
    public var joinedAt: Date

    public init(groupId: Int64, partnerId: Int64, role: GroupMemberRole, joinedAt: Date) {
        self.groupId = groupId
        self.partnerId = partnerId
        self.role = role
        self.joinedAt = joinedAt
    }

    public enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let partnerId = Column(CodingKeys.partnerId)
        static let role = Column(CodingKeys.role)
    }
}

/// A group has at most one lead (enforced by a unique partial index too).
public enum GroupMemberRole: String, Codable, Sendable, CaseIterable {
    case lead
    case member
}
