import Foundation
import GRDB

/// A working group (« groupe de travail »): partners register to it to turn one axis into
/// operational actions.
public struct WorkingGroup: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "workingGroup"

    public var id: Int64?
    public var axisId: Int64
    public var name: String { didSet { nameKey = TextKey.fold(name) } }
    /// `TextKey.fold(name)`, kept in step by `name`: names are unique once case and accents
    /// are ignored.
    public var nameKey: String
    public var description: String?
    /// Set when the group is archived instead of deleted.
    public var archivedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, axisId: Int64, name: String, description: String? = nil, archivedAt: Date? = nil,
        createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.axisId = axisId
        self.name = name
        self.nameKey = TextKey.fold(name)
        self.description = description
        self.archivedAt = archivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let axisId = Column(CodingKeys.axisId)
        static let name = Column(CodingKeys.name)
        static let nameKey = Column(CodingKeys.nameKey)
        static let archivedAt = Column(CodingKeys.archivedAt)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.atLeast(axisId, "axisId", 1)
        v.line(name, "name")
        v.paragraph(description, "description")
    }
}
