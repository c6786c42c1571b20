import GRDB

extension Migrations {
    /// Indicator measurements (issue 17): an indicator's values over time. Each indicator that
    /// has a value (a `measuredOn`, or a `currentValue` above 0) gets it as its first
    /// measurement, dated `measuredOn`, or the UTC day of the indicator's last change when no
    /// day was given (the indicator's `measuredOn` is then set to that day, so that it stays
    /// the latest measurement's). No value changes; an indicator never measured (0, no day)
    /// gets no measurement.
    static func v8IndicatorMeasurements(_ db: Database) throws {
        try db.create(table: "indicatorMeasurement") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("actionId", .integer).notNull().references("action", onDelete: .cascade)
            t.column("indicatorId", .integer).notNull().references("actionIndicator", onDelete: .cascade)
            t.column("value", .integer).notNull().check(sql: "value >= 0")
            t.column("measuredOn", .text).notNull()
            t.column("comment", .text)
            t.column("source", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(
            index: "indicatorMeasurement_on_indicatorId", on: "indicatorMeasurement",
            columns: ["indicatorId", "measuredOn", "id"])
        // Only when there is something to copy: an INSERT … SELECT of no row would still start
        // the table's id counter in sqlite_sequence, and an empty database must stay empty
        // (an import requires it).
        guard
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM actionIndicator WHERE measuredOn IS NOT NULL OR currentValue > 0)")
                == true
        else { return }
        try db.execute(
            sql: """
                UPDATE actionIndicator SET measuredOn = date(updatedAt)
                 WHERE measuredOn IS NULL AND currentValue > 0;
                INSERT INTO indicatorMeasurement(actionId, indicatorId, value, measuredOn, createdAt, updatedAt)
                SELECT actionId, id, currentValue, measuredOn, updatedAt, updatedAt
                  FROM actionIndicator WHERE measuredOn IS NOT NULL ORDER BY id;
                """)
    }
}
