import Foundation
import GRDB

/// One measurement of an indicator: the value counted on a day, with where it comes from.
/// An indicator's values are its measurements over time; its `currentValue` and `measuredOn`
/// are those of the latest measurement (by day, then by id), kept on the indicator in the
/// same transaction as every change of its measurements, so that reads of indicators and of
/// actions' progress stay one row away.
public struct IndicatorMeasurement: Codable, Sendable, Equatable, Identifiable, FetchableRecord,
    MutablePersistableRecord, AuditedRecord
{
    public static let databaseTableName = "indicatorMeasurement"

    public var id: Int64?
    /// The action of the indicator (its path names it).
    public var actionId: Int64
    public var indicatorId: Int64
    /// In the indicator's unit; 0 or more.
    public var value: Int64
    public var measuredOn: CalendarDate
    public var comment: String?
    /// Where the figure comes from (« bilan annuel des conseillers numériques »).
    public var source: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, actionId: Int64, indicatorId: Int64, value: Int64, measuredOn: CalendarDate,
        comment: String? = nil, source: String? = nil, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.actionId = actionId
        self.indicatorId = indicatorId
        self.value = value
        self.measuredOn = measuredOn
        self.comment = comment
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let actionId = Column(CodingKeys.actionId)
        static let indicatorId = Column(CodingKeys.indicatorId)
        static let measuredOn = Column(CodingKeys.measuredOn)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.atLeast(value, "value", 0)
        v.paragraph(comment, "comment")
        v.line(source, "source")
    }

    /// Latest first: the order that makes the first one the indicator's current value.
    static let latestFirst = [Columns.measuredOn.desc, Columns.id.desc]
}

/// A new measurement of an indicator.
public struct MeasurementInput: Sendable, Equatable {
    public var value: Int64
    /// `YYYY-MM-DD`; today (Paris) when absent.
    public var measuredOn: String?
    public var comment: String?
    public var source: String?

    public init(value: Int64, measuredOn: String? = nil, comment: String? = nil, source: String? = nil) {
        self.value = value
        self.measuredOn = measuredOn
        self.comment = comment
        self.source = source
    }
}

extension ActionIndicator {
    /// This indicator as it stood at the end of `day`: its value is that of the latest
    /// measurement made by then, or its baseline (0 when none) before the first one.
    func asOf(_ day: CalendarDate, measurements: [IndicatorMeasurement]) -> ActionIndicator {
        var indicator = self
        let valid = measurements.filter { $0.indicatorId == id && $0.measuredOn <= day }
            .max { ($0.measuredOn, $0.id ?? 0) < ($1.measuredOn, $1.id ?? 0) }
        indicator.currentValue = valid?.value ?? baselineValue ?? 0
        indicator.measuredOn = valid?.measuredOn
        return indicator
    }
}
