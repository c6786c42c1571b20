import Foundation
import GRDB

/// Reading the change log: the feed other tools follow, the audit trail, one entity's history.
public struct ChangeService: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Entities whose changes only the audit trail shows (token names and roles are not public).
    static let privateEntities = [ApiToken.resourceName]

    /// The changes committed after change `after` (0 for the beginning), oldest first. The
    /// one database writer gives ids in commit order and never reuses them, so a tool that
    /// keeps the id of the last change it saw never misses nor double-counts one, across
    /// restarts of either side.
    public func feed(after: Int64, limit: Int) async throws -> [ChangeRecord] {
        var v = Validator()
        v.atLeast(after, "after", 0)
        v.range(limit, "limit", 1...PageRequest.maximumLimit)
        try v.finish()
        return try await database.read { db in
            try ChangeRecord.filter(
                ChangeRecord.Columns.id > after
                    && !ChangeService.privateEntities.contains(ChangeRecord.Columns.entityType)
            )
            .order(ChangeRecord.Columns.id).limit(limit).fetchAll(db).map(\.withoutAuditOnlyFields)
        }
    }

    /// The audit trail, newest first, filtered.
    public func audit(_ query: AuditQuery) async throws -> Page<ChangeRecord> {
        var v = Validator()
        if let from = query.from, let to = query.to { v.require(from <= to, "to", "must not be before from") }
        if let id = query.entityId { v.atLeast(id, "entityId", 1) }
        if let entity = query.entityType { v.require(entity.count <= 100, "entity", "must be at most 100 characters") }
        if let actor = query.actor { v.require(actor.count <= 100, "actor", "must be at most 100 characters") }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<ChangeRecord>()
            var request = ChangeRecord.all().aliased(alias)
            if let entity = query.entityType { request = request.filter(ChangeRecord.Columns.entityType == entity) }
            if let id = query.entityId { request = request.filter(ChangeRecord.Columns.entityId == id) }
            if let actor = query.actor { request = request.filter(ChangeRecord.Columns.actor == actor) }
            if let from = query.from { request = request.filter(ChangeRecord.Columns.occurredAt >= from) }
            if let to = query.to { request = request.filter(ChangeRecord.Columns.occurredAt <= to) }
            return try Keyset.fetch(
                db, request, id: alias[Column("id")], sort: .byId(alias, descending: true), page: query.page
            ) { ($0.id!.databaseValue, $0.id!) }
        }
    }

    /// Every change of one entity, oldest first; `notFound` when there never was one.
    /// `alsoLogged` lists kinds logged under the entity's id (a group's memberships are logged
    /// under the group's id).
    public func history(
        of entity: any LoggedResource.Type, alsoLogged: [any LoggedResource.Type] = [], id: Int64, page: PageRequest
    ) async throws -> Page<ChangeRecord> {
        let entityTypes = [entity.resourceName] + alsoLogged.map { $0.resourceName }
        guard !entityTypes.contains(where: ChangeService.privateEntities.contains) else {
            throw RoadmapError.notFound(entity, id: id)
        }
        return try await database.read { db in
            let alias = TableAlias<ChangeRecord>()
            let request = ChangeRecord.all().aliased(alias)
                .filter(entityTypes.contains(ChangeRecord.Columns.entityType) && ChangeRecord.Columns.entityId == id)
            let result = try Keyset.fetch(db, request, id: alias[Column("id")], sort: .byId(alias), page: page) {
                ($0.id!.databaseValue, $0.id!)
            }
            if result.items.isEmpty && page.cursor == nil {
                throw RoadmapError.notFound(entity, id: id)
            }
            return Page(items: result.items.map(\.withoutAuditOnlyFields), nextCursor: result.nextCursor)
        }
    }
}

/// Filters of the audit trail.
public struct AuditQuery: Sendable {
    public var entityType: String?
    public var entityId: Int64?
    public var actor: String?
    public var from: Date?
    public var to: Date?
    public var page: PageRequest

    public init(
        entityType: String? = nil, entityId: Int64? = nil, actor: String? = nil, from: Date? = nil, to: Date? = nil,
        page: PageRequest
    ) {
        self.entityType = entityType
        self.entityId = entityId
        self.actor = actor
        self.from = from
        self.to = to
        self.page = page
    }
}

extension ChangeRecord {
    /// The change without its kind's audit-only fields (``LoggedResource/auditOnlyFields``: the
    /// personal fields, a document's title and file name): what the public change feed and the
    /// histories show. The audit trail (admins) shows them, until an erasure replaces them.
    var withoutAuditOnlyFields: ChangeRecord {
        guard let kind = LoggedResources.all.first(where: { $0.resourceName == entityType }) else { return self }
        let personal = kind.auditOnlyFields
        guard !personal.isEmpty else { return self }
        var copy = self
        let kept = changedFields.filter { !personal.contains($0.key) }
        copy.changes = (try? ChangeLog.encoder.encode(kept)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return copy
    }
}
