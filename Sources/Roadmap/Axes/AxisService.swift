import Foundation
import GRDB

/// The axes of the roadmap and their rules: a number that is unique and 1 or more, a title,
/// and no deletion while anything refers to the axis.
public struct AxisService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// One page of axes, each with the summary of its actions.
    public func list(_ query: AxisQuery) async throws -> Page<AxisDetail> {
        let sort = query.sort ?? Sort(.number)
        var v = Validator()
        v.listIds(query.ids)
        try v.finish()
        let today = clock.today
        return try await database.read { db in
            let alias = TableAlias<Axis>()
            var request = Axis.all().aliased(alias).filter(listIds: query.ids)
            if let isOptional = query.isOptional {
                request = request.filter(Axis.Columns.isOptional == isOptional)
            }
            let page = try Keyset.fetch(db, request, alias: alias, sort: sort, page: query.page)
            let summaries = try ActionService.summaries(db, axisIds: page.items.map { $0.id! }, today: today)
            return page.map { AxisDetail(axis: $0, summary: summaries[$0.id!] ?? .empty) }
        }
    }

    /// The axis with this id and the summary of its actions.
    public func get(id: Int64) async throws -> AxisDetail {
        let today = clock.today
        return try await database.read { db in try AxisService.detail(db, id: id, today: today) }
    }

    /// Adds an axis.
    public func create(_ input: AxisInput, by caller: Caller) async throws -> AxisDetail {
        let axis = input.record
        try axis.validate()
        return try await database.write(by: caller, clock: clock) { write in
            try AxisService.checkNumberIsFree(write.db, axis.number, except: nil)
            var axis = axis
            try write.insert(&axis)
            return AxisDetail(axis: axis, summary: .empty)
        }
    }

    /// Changes an axis.
    public func update(
        id: Int64, _ patch: AxisPatch, by caller: Caller, ifMatch: Precondition<AxisDetail>? = nil
    ) async throws -> AxisDetail {
        let today = clock.today
        return try await database.write(by: caller, clock: clock) { write in
            let detail = try AxisService.detail(write.db, id: id, today: today)
            var axis = detail.axis
            patch.apply(to: &axis)
            try axis.validate()
            try ifMatch.verify(detail)
            if axis.number != detail.axis.number {
                try AxisService.checkNumberIsFree(write.db, axis.number, except: id)
            }
            try write.update(&axis, from: detail.axis)
            return AxisDetail(axis: axis, summary: detail.summary)
        }
    }

    /// Deletes an axis that nothing refers to; otherwise `conflict` naming what refers to it.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<AxisDetail>? = nil) async throws {
        let today = clock.today
        try await database.write(by: caller, clock: clock) { write in
            let detail = try AxisService.detail(write.db, id: id, today: today)
            try ifMatch.verify(detail)
            let references = try AxisService.references(write.db, to: id)
            guard references.isEmpty else {
                throw RoadmapError.conflict(
                    detail:
                        "Axis \(detail.axis.number) is still referred to by \(references.count) item(s); move or delete them first.",
                    references: references)
            }
            try write.delete(detail.axis)
        }
    }

    // MARK: Queries

    static func detail(_ db: Database, id: Int64, today: CalendarDate) throws -> AxisDetail {
        let axis = try Axis.find(db, id: id)
        return AxisDetail(
            axis: axis, summary: try ActionService.summaries(db, axisIds: [id], today: today)[id] ?? .empty)
    }

    private static func checkNumberIsFree(_ db: Database, _ number: Int, except id: Int64?) throws {
        var request = Axis.filter(Axis.Columns.number == number)
        if let id { request = request.filter(Axis.Columns.id != id) }
        if let other = try request.fetchOne(db) {
            throw RoadmapError.conflict(
                detail: "Axis number \(number) is already used by axis \(other.id!) « \(other.title) ».",
                references: [Reference(Axis.self, id: other.id!, label: other.title)])
        }
    }

    /// Working groups, actions and funding envelopes attached to the axis (at most 20 named).
    static func references(_ db: Database, to axisId: Int64) throws -> [Reference] {
        let sql = """
            SELECT '\(WorkingGroup.databaseTableName)' AS entity, id, name AS label FROM \(WorkingGroup.databaseTableName) WHERE axisId = :id
            UNION ALL SELECT '\(Action.databaseTableName)', id, title FROM \(Action.databaseTableName) WHERE axisId = :id
            UNION ALL SELECT '\(FundingEnvelope.databaseTableName)', id, label FROM \(FundingEnvelope.databaseTableName) WHERE axisId = :id
            LIMIT 20
            """
        return try Row.fetchAll(db, sql: sql, arguments: ["id": axisId]).map {
            Reference(entity: $0["entity"], id: $0["id"], label: $0["label"])
        }
    }
}
