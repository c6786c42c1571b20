import Foundation
import Roadmap
import RoadmapAPI

extension Components.Schemas.Change {
    init(_ record: ChangeRecord) throws {
        let changes = try JSONDecoder().decode(
            [String: Components.Schemas.FieldChange].self, from: Data(record.changes.utf8))
        self.init(
            id: record.id!, occurredAt: record.occurredAt, actor: record.actor, requestId: record.requestId,
            operation: OperationPayload(mirroring: record.operation), entity: record.entityType,
            entityId: record.entityId,
            changes: .init(additionalProperties: changes))
    }
}

extension Components.Schemas.ChangePage {
    init(_ page: Page<ChangeRecord>) throws {
        self.init(items: try page.items.map(Components.Schemas.Change.init), nextCursor: page.nextCursor)
    }
}

extension Components.Schemas.Token {
    init(_ token: ApiTokenInfo) {
        self.init(
            id: token.id, name: token.name, role: .init(mirroring: token.role), createdAt: token.createdAt,
            createdBy: token.createdBy, revokedAt: token.revokedAt)
    }
}
