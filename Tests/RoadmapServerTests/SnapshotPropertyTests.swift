import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Synchronization
import Testing

@testable import RoadmapAPI

/// A clock the test moves forward, so that each write has its own instant.
final class SteppingClock: Sendable {
    private let instant = Mutex(testInstant)

    var now: Date { instant.withLock { $0 } }

    var clock: RoadmapClock { RoadmapClock(now: { [self] in now }) }

    /// Moves a minute forward; returns the new instant.
    func advance() -> Date {
        instant.withLock {
            $0 += 60
            return $0
        }
    }
}

/// SplitMix64: a small deterministic generator, so that a failing sequence replays from its seed.
struct SplitMix64 {
    private var state: UInt64

    init(_ seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// The property of issue 17: for random sequences of writes through the API, the snapshot at
/// each instant (`GET /roadmap/snapshot?asOf=`) is what the live API answered at that instant
/// — the same resources, and each stored field equal to the live JSON's.
@Suite("Snapshots equal the live API, for random writes")
struct SnapshotPropertyTests {
    static let kinds = ["axes", "actions", "indicators", "partners", "envelopes"]

    /// One random write on what exists (now and then on an id that does not), whatever its
    /// answer (a 404, 409 or 422 changes nothing, as it should).
    static func randomWrite(
        _ client: APIClient, _ random: inout SplitMix64, _ live: [String: [Int64: [String: JSONValue]]]
    ) async throws {
        func pick(_ kind: String) -> Int64 {
            let ids = (live[kind] ?? [:]).keys.sorted()
            return ids.isEmpty || random.next(10) == 0 ? Int64(random.next(8) + 1) : ids[random.next(ids.count)]
        }
        let value = random.next(1000)
        let kind = [
            "axes", "axes", "axes", "actions", "actions", "actions", "actions", "actions", "indicators",
            "partners", "partners", "envelopes", "envelopes",
        ][min(random.next(13), 12)]
        var id = pick(kind)
        let other = pick("indicators")
        if kind == "actions" || kind == "indicators" {
            // indicators live under their action
            if case .integer(let actionId)? = live["indicators"]?[other]?["actionId"], kind == "indicators" {
                id = actionId
            } else {
                id = pick("actions")
            }
        }
        let (method, uri, body): (HTTPRequest.Method, String, String?) =
            switch kindOperation(kind, &random) {
            case 0: (.post, "/axes", #"{"number": \#(random.next(50) + 5), "title": "Axe \#(value)"}"#)
            case 1: (.patch, "/axes/\(id)", #"{"title": "Axe renommé \#(value)"}"#)
            case 2: (.delete, "/axes/\(id)", nil)
            case 3:
                (
                    .post, "/actions",
                    #"{"axisId": \#(pick("axes")), "title": "Action \#(value)", "budgetCents": \#(value * 100)}"#
                )
            case 4: (.patch, "/actions/\(id)", #"{"title": "Action revue \#(value)", "budgetCents": \#(value)}"#)
            case 5: (.patch, "/actions/\(id)", #"{"status": "planned"}"#)
            case 6: (.delete, "/actions/\(id)", nil)
            case 7:
                (
                    .post, "/actions/\(id)/indicators",
                    #"{"name": "indicateur \#(value)", "unit": "personnes", "targetValue": \#(value + 1), "currentValue": \#(value / 2)}"#
                )
            case 8: (.patch, "/actions/\(id)/indicators/\(other)", #"{"currentValue": \#(value)}"#)
            case 9: (.post, "/partners", #"{"name": "Partenaire \#(value)", "kind": "association"}"#)
            case 10: (.patch, "/partners/\(id)", #"{"name": "Partenaire renommé \#(value)"}"#)
            case 11:
                (
                    .post, "/funding/envelopes",
                    #"{"funderId": \#(pick("partners")), "label": "Enveloppe \#(value)", "amountCents": \#(value * 1000 + 1)}"#
                )
            default: (.patch, "/funding/envelopes/\(id)", #"{"amountCents": \#(value * 500 + 1)}"#)
            }
        let status = try await client.execute(
            uri: uri, method: method, headers: body == nil ? [:] : [.contentType: "application/json"],
            body: body.map(json)
        ) { $0.status }
        #expect(status.code < 500, "\(method) \(uri)")
    }

    /// An operation on `kind` (the cases of ``randomWrite``), creations first while there are few.
    static func kindOperation(_ kind: String, _ random: inout SplitMix64) -> Int {
        let operations: [Int] =
            switch kind {
            case "axes": [0, 0, 1, 2]
            case "actions": [3, 3, 4, 5, 6, 7, 7]
            case "indicators": [7, 8, 8]
            case "partners": [9, 9, 10]
            default: [11, 11, 12]
            }
        return operations[random.next(operations.count)]
    }

    /// What the live API answers now, per kind: id → the resource's JSON.
    static func live(_ client: APIClient) async throws -> [String: [Int64: [String: JSONValue]]] {
        func items(_ uri: String) async throws -> [[String: JSONValue]] {
            try await client.execute(uri: uri, method: .get) { response in
                guard
                    case .object(let page) = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body)),
                    case .array(let items)? = page["items"]
                else { return [] }
                return items.compactMap { if case .object(let fields) = $0 { fields } else { nil } }
            }
        }
        func byId(_ list: [[String: JSONValue]]) -> [Int64: [String: JSONValue]] {
            Dictionary(
                uniqueKeysWithValues: list.compactMap { fields in
                    if case .integer(let id)? = fields["id"] { (id, fields) } else { nil }
                })
        }
        let actions = try await items("/actions?limit=100")
        let indicators = actions.flatMap { action -> [[String: JSONValue]] in
            guard case .array(let list)? = action["indicators"] else { return [] }
            return list.compactMap { if case .object(let fields) = $0 { fields } else { nil } }
        }
        return [
            "axes": byId(try await items("/axes?limit=100")), "actions": byId(actions), "indicators": byId(indicators),
            "partners": byId(try await items("/partners?limit=100")),
            "envelopes": byId(try await items("/funding/envelopes?limit=100")),
        ]
    }

    @Test("the snapshot at each instant equals the live reads then", arguments: [1, 2, 3, 4] as [UInt64])
    func snapshotsEqualLiveReads(seed: UInt64) async throws {
        let stepping = SteppingClock()
        try await withApp(seed: .none, clock: stepping.clock) { client, _ in
            var random = SplitMix64(seed)
            var recorded: [(instant: Date, live: [String: [Int64: [String: JSONValue]]])] = []
            var live = try await Self.live(client)
            for _ in 0..<40 {
                _ = stepping.advance()
                try await Self.randomWrite(client, &random, live)
                live = try await Self.live(client)
                recorded.append((stepping.advance(), live))
            }
            #expect(recorded.last.map { $0.live.values.contains { !$0.isEmpty } } == true, "the writes created nothing")
            for (instant, live) in recorded {
                let asOf = instant.formatted(.iso8601)
                let snapshot = try await client.execute(uri: "/roadmap/snapshot?asOf=\(asOf)", method: .get) {
                    response in
                    #expect(response.status == .ok)
                    return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                }
                guard case .object(let root) = snapshot, case .object(let resources)? = root["resources"] else {
                    Issue.record("not a snapshot: \(snapshot)")
                    continue
                }
                for kind in Self.kinds {
                    guard case .array(let entries)? = resources[kind] else {
                        Issue.record("no \(kind) at \(asOf)")
                        continue
                    }
                    var seen: Set<Int64> = []
                    for case .object(let entry) in entries {
                        guard case .integer(let id)? = entry["id"], case .object(let fields)? = entry["fields"] else {
                            continue
                        }
                        seen.insert(id)
                        let answered = live[kind]?[id]
                        #expect(answered != nil, "\(kind) \(id) at \(asOf): in the snapshot, not in the live reads")
                        for (field, value) in fields where answered != nil {
                            #expect(answered?[field] == value, "\(kind) \(id).\(field) at \(asOf)")
                        }
                    }
                    #expect(seen == Set((live[kind] ?? [:]).keys), "\(kind) at \(asOf)")
                }
            }
        }
    }
}
