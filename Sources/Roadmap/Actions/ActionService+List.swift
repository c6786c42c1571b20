import Foundation
import GRDB

/// Finding actions: filters, sorts, keyset pages, and full-text search.
extension ActionService {
    static let sortColumns = [
        "id": "id", "title": "titleKey", "startOn": "startOn", "endOn": "endOn", "status": "status",
        "progress": "progressBasisPoints", "createdAt": "createdAt", "updatedAt": "updatedAt", "relevance": "relevance",
    ]

    /// One page of actions. With `text`, the default order is relevance (FTS5 bm25, best
    /// first); relevance ranks may shift slightly when other actions are written between two
    /// pages, the other orders never do.
    public func list(_ query: ActionQuery) async throws -> Page<ActionDetail> {
        let search = try ActionService.searchExpression(query.text)
        let sort = try SortOrder.parse(query.sort, default: search == nil ? "id" : "relevance", allowed: ActionService.sortColumns)
        if sort.column == "relevance", search == nil { throw RoadmapError.invalid("sort", "relevance needs a search text (q)") }
        let dates = try ActionService.validateFilters(query)
        let today = clock.today
        return try await database.read { db in
            let alias = TableAlias<Action>()
            var request = Action.all().aliased(alias)
            if let axisId = query.axisId { request = request.filter(Action.Columns.axisId == axisId) }
            if !query.statuses.isEmpty { request = request.filter(query.statuses.map(\.rawValue).contains(Action.Columns.status)) }
            if let groupId = query.groupId { request = request.filter(Action.Columns.groupId == groupId) }
            if let lead = query.leadPartnerId { request = request.filter(Action.Columns.leadPartnerId == lead) }
            if let partner = query.partnerId {
                request = request.filter(sql: "(action.leadPartnerId = ? OR action.id IN (SELECT actionId FROM actionPartner WHERE partnerId = ?))", arguments: [partner, partner])
            }
            if let late = query.late {
                let open = [ActionStatus.draft, .planned, .inProgress].map(\.rawValue)
                request = late
                    ? request.filter(Action.Columns.endOn < today && open.contains(Action.Columns.status))
                    : request.filter(Action.Columns.endOn == nil || Action.Columns.endOn >= today || !open.contains(Action.Columns.status))
            }
            if let date = dates.startFrom { request = request.filter(Action.Columns.startOn >= date) }
            if let date = dates.startTo { request = request.filter(Action.Columns.startOn <= date) }
            if let date = dates.endFrom { request = request.filter(Action.Columns.endOn >= date) }
            if let date = dates.endTo { request = request.filter(Action.Columns.endOn <= date) }
            let page: Page<ActionRow>
            if let search {
                let rank = SQL("actionSearch.rank").sqlExpression
                let searched = request
                    .joining(required: Action.searchIndex.filter(sql: "actionSearch MATCH ?", arguments: [search]))
                    .annotated(with: rank.forKey("searchRank"))
                    .asRequest(of: ActionRow.self)
                if sort.column == "relevance" {
                    // bm25 ranks are negative, best first: ascending order.
                    let ascending = SortOrder(name: sort.name, column: sort.column, descending: sort.descending)
                    page = try Keyset.fetch(db, searched, sortKey: rank, id: alias[Column("id")], sort: ascending, page: query.page) { row in
                        (row.searchRank.databaseValue, row.action.id!)
                    }
                } else {
                    page = try ActionService.sorted(db, searched, alias: alias, sort: sort, page: query.page)
                }
            } else {
                page = try ActionService.sorted(db, request.asRequest(of: ActionRow.self), alias: alias, sort: sort, page: query.page)
            }
            return Page(items: try ActionService.details(db, page.items.map(\.action), today: today), nextCursor: page.nextCursor)
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

    private static func sorted(_ db: Database, _ request: QueryInterfaceRequest<ActionRow>, alias: TableAlias<Action>, sort: SortOrder, page: PageRequest) throws -> Page<ActionRow> {
        let key: SQLExpression = sort.column == "status" ? statusOrder(alias) : alias[sort.column]
        return try Keyset.fetch(db, request, sortKey: key, id: alias[Column("id")], sort: sort, page: page) { row in
            let action = row.action
            let value: DatabaseValue = switch sort.column {
            case "titleKey": action.titleKey.databaseValue
            case "startOn": action.startOn.databaseValue
            case "endOn": action.endOn.databaseValue
            case "status": (statusRanks[action.status] ?? 0).databaseValue
            case "progressBasisPoints": action.progressBasisPoints.databaseValue
            case "createdAt": action.createdAt.databaseValue
            case "updatedAt": action.updatedAt.databaseValue
            default: action.id!.databaseValue
            }
            return (value, action.id!)
        }
    }

    /// Statuses sort in workflow order, not alphabetically.
    static let statusRanks: [ActionStatus: Int] = [.draft: 0, .planned: 1, .inProgress: 2, .done: 3, .abandoned: 4]

    private static func statusOrder(_ alias: TableAlias<Action>) -> SQLExpression {
        SQL("CASE \(alias[Action.Columns.status]) WHEN 'draft' THEN 0 WHEN 'planned' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'done' THEN 3 ELSE 4 END").sqlExpression
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

    private static func validateFilters(_ query: ActionQuery) throws -> (startFrom: CalendarDate?, startTo: CalendarDate?, endFrom: CalendarDate?, endTo: CalendarDate?) {
        var v = Validator()
        for (value, field) in [(query.axisId, "axisId"), (query.groupId, "groupId"), (query.leadPartnerId, "leadPartnerId"), (query.partnerId, "partnerId")] {
            if let value { v.atLeast(value, field, 1) }
        }
        let dates = (v.date(query.startFrom, "startFrom"), v.date(query.startTo, "startTo"), v.date(query.endFrom, "endFrom"), v.date(query.endTo, "endTo"))
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
