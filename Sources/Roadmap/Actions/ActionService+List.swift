import Foundation
import GRDB

/// Finding actions: filters, sorts, keyset pages, and full-text search.
extension ActionService {
    /// One page of actions. With `text`, the default order is relevance (FTS5 bm25, best
    /// first); relevance ranks may shift slightly when other actions are written between two
    /// pages, the other orders never do.
    public func list(_ query: ActionQuery) async throws -> Page<ActionDetail> {
        let search = try ActionService.searchExpression(query.text)
        let sort = query.sort ?? Sort(search == nil ? .id : .relevance)
        if sort.field == .relevance, search == nil {
            throw RoadmapError.invalid("sort", "relevance needs a search text (q)")
        }
        let dates = try ActionService.validateFilters(query)
        let today = clock.today
        return try await database.read { db in
            let alias = TableAlias<Action>()
            var request = Action.all().aliased(alias).filter(listIds: query.ids)
            if let axisId = query.axisId { request = request.filter(Action.Columns.axisId == axisId) }
            if !query.statuses.isEmpty {
                request = request.filter(query.statuses.map(\.rawValue).contains(Action.Columns.status))
            }
            if let groupId = query.groupId { request = request.filter(Action.Columns.groupId == groupId) }
            if let lead = query.leadPartnerId { request = request.filter(Action.Columns.leadPartnerId == lead) }
            if let partner = query.partnerId {
                request = request.filter(
                    sql:
                        "(action.leadPartnerId = ? OR action.id IN (SELECT actionId FROM actionPartner WHERE partnerId = ?))",
                    arguments: [partner, partner])
            }
            if let late = query.late {
                let open = [ActionStatus.draft, .planned, .inProgress].map(\.rawValue)
                request =
                    late
                    ? request.filter(Action.Columns.endOn < today && open.contains(Action.Columns.status))
                    : request.filter(
                        Action.Columns.endOn == nil || Action.Columns.endOn >= today
                            || !open.contains(Action.Columns.status))
            }
            if let date = dates.startFrom { request = request.filter(Action.Columns.startOn >= date) }
            if let date = dates.startTo { request = request.filter(Action.Columns.startOn <= date) }
            if let date = dates.endFrom { request = request.filter(Action.Columns.endOn >= date) }
            if let date = dates.endTo { request = request.filter(Action.Columns.endOn <= date) }
            var rows = request.asRequest(of: ActionRow.self)
            if let search {
                rows =
                    request
                    .joining(required: Action.searchIndex.filter(sql: "actionSearch MATCH ?", arguments: [search]))
                    .annotated(with: SQL("actionSearch.rank").sqlExpression.forKey("searchRank"))
                    .asRequest(of: ActionRow.self)
            }
            let page = try Keyset.fetch(
                db, rows, id: alias[Action.Columns.id], sort: sort.order(alias), page: query.page
            ) { row in
                (
                    sort.field == .relevance ? row.searchRank.databaseValue : sort.field.value(of: row.action),
                    row.action.id!
                )
            }
            var items = try ActionService.details(db, page.items.map(\.action), today: today)
            if query.includeNames { try ActionService.name(&items, db) }
            return Page(items: items, nextCursor: page.nextCursor)
        }
    }

    /// A fetched action, with its search rank when searching.
    struct ActionRow: FetchableRecord, Sendable {
        var action: Action
        var searchRank: Double?

        init(row: Row) throws {
            action = try Action(row: row)
            searchRank = row["searchRank"]
        }
    }

    /// The user's text as an FTS5 query: each word quoted (no query syntax reaches FTS5), all
    /// words required, the last one as a prefix. Nil without words.
    static func searchExpression(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard text.count <= 200 else { throw RoadmapError.invalid("q", "must be at most 200 characters") }
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).prefix(20)
        guard !words.isEmpty else { return nil }
        return words.enumerated().map { index, word in
            "\"\(word)\"" + (index == words.count - 1 ? "*" : "")
        }.joined(separator: " ")
    }

    private static func validateFilters(
        _ query: ActionQuery
    ) throws -> (startFrom: CalendarDate?, startTo: CalendarDate?, endFrom: CalendarDate?, endTo: CalendarDate?) {
        var v = Validator()
        v.listIds(query.ids)
        for (value, field) in [
            (query.axisId, "axisId"), (query.groupId, "groupId"), (query.leadPartnerId, "leadPartnerId"),
            (query.partnerId, "partnerId"),
        ] {
            if let value { v.atLeast(value, field, 1) }
        }
        let dates = (
            v.date(query.startFrom, "startFrom"), v.date(query.startTo, "startTo"), v.date(query.endFrom, "endFrom"),
            v.date(query.endTo, "endTo")
        )
        try v.finish()
        return dates
    }
}

extension Action {
    /// The full-text index row of an action (same rowid).
    static let searchIndex = hasOne(ActionSearchRow.self, using: ForeignKey([Column("rowid")], to: [Column("id")]))
}

/// The FTS5 table `actionSearch`, only joined for MATCH and rank.
struct ActionSearchRow: TableRecord {
    static let databaseTableName = "actionSearch"
}

extension ActionService {
    /// Fills each action's ``ActionDetail/names`` with three queries for the whole page (axes,
    /// groups, partners), whatever its size.
    static func name(_ items: inout [ActionDetail], _ db: Database) throws {
        func named<Record: FetchableRecord & TableRecord>(
            _ type: Record.Type, _ ids: Set<Int64>, _ pair: (Record) -> (Int64, ActionNames.Named)
        ) throws -> [Int64: ActionNames.Named] {
            guard !ids.isEmpty else { return [:] }
            return Dictionary(uniqueKeysWithValues: try Record.fetchAll(db, keys: Array(ids)).map(pair))
        }
        let axisRecords = try Axis.fetchAll(db, keys: Array(Set(items.map(\.action.axisId))))
        let axes = Dictionary(uniqueKeysWithValues: axisRecords.map { ($0.id!, $0) })
        let groups = try named(WorkingGroup.self, Set(items.compactMap(\.action.groupId))) {
            ($0.id!, .init(id: $0.id!, name: $0.name))
        }
        let partnerIds = Set(items.flatMap { $0.contributorIds + [$0.action.leadPartnerId].compactMap { $0 } })
        let partners = try named(Partner.self, partnerIds) { ($0.id!, .init(id: $0.id!, name: $0.name)) }
        for index in items.indices {
            let action = items[index].action
            guard let axis = axes[action.axisId] else { continue }
            items[index].names = ActionNames(
                axis: .init(id: axis.id!, name: axis.title), axisNumber: axis.number,
                group: action.groupId.flatMap { groups[$0] },
                leadPartner: action.leadPartnerId.flatMap { partners[$0] },
                contributors: items[index].contributorIds.compactMap { partners[$0] })
        }
    }
}
