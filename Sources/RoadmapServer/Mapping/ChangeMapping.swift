import Foundation
import Roadmap
import RoadmapAPI

extension Components.Schemas.Change {
    /// A change row as the contract types it: the row's JSON decoded through the schema of its
    /// resource (`AxesChangeEntry`…), so that what the feed shows is what the contract
    /// describes for that resource (a test checks that no logged field is left out).
    ///
    /// The row's `changes` is already JSON: it is spliced as it is into the JSON of the other
    /// fields, and the whole decoded once. Decoding it into `JSONValue` and encoding that
    /// again was two thirds of an uncached page of the feed (issue 18).
    init(_ record: ChangeRecord) throws {
        var json = try Self.encoder.encode(
            Header(
                id: record.id!, occurredAt: record.occurredAt.formatted(.iso8601), actor: record.actor,
                requestId: record.requestId, operation: record.operation.rawValue, entity: record.entityType,
                entityId: record.entityId, path: record.path))
        json.removeLast()  // the closing brace
        json.append(contentsOf: #","changes":"#.utf8)
        json.append(contentsOf: record.changes.utf8)
        json.append(UInt8(ascii: "}"))
        self = try Self.decoder.decode(Self.self, from: json)
    }

    /// The fields of a change around its `changes`.
    private struct Header: Encodable {
        let id: Int64
        let occurredAt: String
        let actor: String
        let requestId: String?
        let operation: String
        let entity: String
        let entityId: Int64
        let path: String
    }

    private static let encoder = JSONEncoder()

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
