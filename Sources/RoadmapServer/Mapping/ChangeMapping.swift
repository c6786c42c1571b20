import Foundation
import Roadmap
import RoadmapAPI

extension Components.Schemas.Change {
    /// A change row as the contract types it: the row's JSON decoded through the schema of its
    /// resource (`AxesChangeEntry`…), so that what the feed shows is what the contract
    /// describes for that resource (a test checks that no logged field is left out).
    init(_ record: ChangeRecord) throws {
        let changes = try JSONDecoder().decode(JSONValue.self, from: Data(record.changes.utf8))
        var fields: [String: JSONValue] = [
            "id": .integer(record.id!), "occurredAt": .string(record.occurredAt.formatted(.iso8601)),
            "actor": .string(record.actor), "operation": .string(record.operation.rawValue),
            "entity": .string(record.entityType), "entityId": .integer(record.entityId), "path": .string(record.path),
            "changes": changes,
        ]
        fields["requestId"] = record.requestId.map(JSONValue.string)
        self = try Self.decoder.decode(Self.self, from: try JSONEncoder().encode(JSONValue.object(fields)))
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
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
