import Foundation
import Roadmap
import RoadmapAPI

/// A change of any resource, read the same way whatever its kind (the contract types each
/// resource's change apart: `AxesChangeEntry`, `ActionsChangeEntry`…).
struct AnyChange: Decodable, Equatable {
    var id: Int64
    var occurredAt: String
    var actor: String
    var requestId: String?
    var operation: String
    var entity: String
    var entityId: Int64
    var path: String
    var changes: [String: Side]

    /// One field's `old` and `new`: `.absent` when the side is not there (a creation has no
    /// `old`), `.null` when the field was or became empty.
    struct Side: Decodable, Equatable {
        var old: JSONValue?
        var new: JSONValue?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            old = container.contains(.old) ? try container.decode(JSONValue.self, forKey: .old) : nil
            new = container.contains(.new) ? try container.decode(JSONValue.self, forKey: .new) : nil
        }

        private enum CodingKeys: String, CodingKey { case old, new }
    }
}

extension Components.Schemas.Change {
    /// The change re-read as ``AnyChange`` (through its JSON, as a client sees it).
    var any: AnyChange {
        get throws {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            return try JSONDecoder().decode(AnyChange.self, from: try encoder.encode(self))
        }
    }
}

extension Components.Schemas.ChangePage {
    var changes: [AnyChange] { get throws { try items.map { try $0.any } } }
}

extension Components.Schemas.ChangeFeed {
    var changes: [AnyChange] { get throws { try items.map { try $0.any } } }
}
