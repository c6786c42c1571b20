import Foundation
import GRDB

/// A measure of an action's achievement (« médiateurs formés », « ordinateurs
/// reconditionnés »). Values are whole numbers of `unit`; use a finer unit for fractions.
public struct ActionIndicator: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "actionIndicator"

    public var id: Int64?
    public var actionId: Int64
    public var name: String
    public var unit: String
    /// More than zero.
    public var targetValue: Int64
    public var currentValue: Int64
    public var baselineValue: Int64?
    public var measuredOn: CalendarDate?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, actionId: Int64, name: String, unit: String, targetValue: Int64, currentValue: Int64 = 0,
        baselineValue: Int64? = nil, measuredOn: CalendarDate? = nil, createdAt: Date = .unstamped,
        updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.actionId = actionId
        self.name = name
        self.unit = unit
        self.targetValue = targetValue
        self.currentValue = currentValue
        self.baselineValue = baselineValue
        self.measuredOn = measuredOn
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let actionId = Column(CodingKeys.actionId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.line(name, "name")
        v.line(unit, "unit", maxLength: 50)
        v.require(targetValue >= 1, "targetValue", "must be 1 or more")
        v.atLeast(currentValue, "currentValue", 0)
        if let baselineValue {
            v.atLeast(baselineValue, "baselineValue", 0)
            v.require(baselineValue < targetValue, "baselineValue", "must be below targetValue (\(targetValue))")
        }
    }
}
