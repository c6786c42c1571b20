import Foundation
import GRDB

/// An axis of the roadmap (« Axe 1 : former et coordonner les acteurs… »).
public struct Axis: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord, AuditedRecord
{
    public static let databaseTableName = "axis"

    public var id: Int64?
    /// Unique, 1 and up.
    public var number: Int
    public var title: String
    public var description: String?
    /// True for an optional axis (axe 4 of the Gers roadmap).
    public var isOptional: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, number: Int, title: String, description: String? = nil, isOptional: Bool = false,
        createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.description = description
        self.isOptional = isOptional
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let number = Column(CodingKeys.number)
        static let title = Column(CodingKeys.title)
        static let isOptional = Column(CodingKeys.isOptional)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static let numberRange = 1...1000

    func validate(into v: inout Validator) {
        v.range(number, "number", Axis.numberRange)
        v.line(title, "title")
        v.paragraph(description, "description")
    }
}
