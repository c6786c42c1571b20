import HTTPTypes
import NIOCore
import Roadmap
import Synchronization

/// Responses to reads, kept in memory while the stored data does not change.
///
/// Every entry belongs to the ``ChangeStamp`` taken before its response was computed, and is
/// served only to a request that takes the same stamp: the first request after a commit (by
/// this process or another) sees another stamp and empties the cache. So the cache never
/// serves data older than the last committed write; it only spares the reading and the JSON
/// encoding of data that has not changed since the same request was last answered.
///
/// Memory is bounded: responses over `maximumEntryBytes` are not kept, and when the entries
/// would exceed `maximumBytes` the cache starts again empty (a burst of distinct queries costs
/// hits, never memory).
final class ResponseCache: Sendable {
    struct Key: Hashable, Sendable {
        /// Path and query, as sent.
        let target: String
        /// The `Accept` header: the contract checks it, so it is part of the question.
        let accept: String?
        /// The day in the roadmap's time zone: some answers (an action's `late` flag) depend on it.
        let today: CalendarDate
    }

    struct Entry: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
    }

    private struct State {
        var stamp: ChangeStamp?
        var entries: [Key: Entry] = [:]
        var bytes = 0
    }

    let maximumBytes: Int
    let maximumEntryBytes: Int
    private let state = Mutex(State())

    init(maximumBytes: Int, maximumEntryBytes: Int = 1 << 20) {
        self.maximumBytes = maximumBytes
        self.maximumEntryBytes = min(maximumEntryBytes, maximumBytes)
    }

    /// The response kept for `key` under `stamp`. A new stamp empties the cache.
    func entry(for key: Key, stamp: ChangeStamp) -> Entry? {
        state.withLock { state in
            guard state.stamp == stamp else {
                state = State(stamp: stamp)
                return nil
            }
            return state.entries[key]
        }
    }

    /// Keeps `entry`, computed after `stamp` was taken, unless the data changed meanwhile.
    func store(_ entry: Entry, for key: Key, stamp: ChangeStamp) {
        let size = entry.body.readableBytes + key.target.utf8.count
        guard size <= maximumEntryBytes else { return }
        state.withLock { state in
            guard state.stamp == stamp else { return }
            if state.bytes + size > maximumBytes {
                state = State(stamp: stamp)
            }
            if let previous = state.entries.updateValue(entry, forKey: key) {
                state.bytes -= previous.body.readableBytes + key.target.utf8.count
            }
            state.bytes += size
        }
    }

    /// Number of responses kept (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
