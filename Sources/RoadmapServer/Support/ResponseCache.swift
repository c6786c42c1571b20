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
/// Requests that miss on the same key and stamp at the same time wait for the first one
/// (its *leader*) instead of all computing the same answer: after a write, a crowd of readers
/// costs one computation, not one each.
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

    /// What a request that looked up a key must do.
    enum Lookup: Sendable {
        /// Answer with this entry.
        case hit(Entry)
        /// Compute the answer, then call ``finish(_:for:stamp:)`` whatever happens.
        case lead
    }

    private struct Computation: Hashable {
        let key: Key
        let stamp: ChangeStamp
    }

    private struct State {
        var stamp: ChangeStamp?
        var entries: [Key: Entry] = [:]
        var bytes = 0
        /// Requests waiting for a leader, by what the leader computes. Kept across a change of
        /// stamp: each waiter took its leader's stamp, so the leader's answer is right for it.
        var waiting: [Computation: [CheckedContinuation<Lookup, Never>]] = [:]
    }

    let maximumBytes: Int
    let maximumEntryBytes: Int
    private let state = Mutex(State())

    init(maximumBytes: Int, maximumEntryBytes: Int = 1 << 20) {
        self.maximumBytes = maximumBytes
        self.maximumEntryBytes = min(maximumEntryBytes, maximumBytes)
    }

    /// The entry for `key` under `stamp`; or, when another request is computing it, that
    /// request's answer once it has one; or `.lead` when this request must compute it. A new
    /// stamp empties the cache.
    func lookup(_ key: Key, stamp: ChangeStamp) async -> Lookup {
        let computation = Computation(key: key, stamp: stamp)
        // Fast path, without suspending: a hit, or nobody computing this yet.
        let immediate: Lookup? = state.withLock { state in
            if state.stamp != stamp {
                state.stamp = stamp
                state.entries = [:]
                state.bytes = 0
            }
            if let entry = state.entries[key] { return .hit(entry) }
            if state.waiting[computation] == nil {
                state.waiting[computation] = []
                return .lead
            }
            return nil
        }
        if let immediate { return immediate }
        return await withCheckedContinuation { continuation in
            let now: Lookup? = state.withLock { state in
                if state.stamp == stamp, let entry = state.entries[key] { return .hit(entry) }
                guard state.waiting[computation] != nil else {
                    // The leader finished between the two locks without an entry to share.
                    state.waiting[computation] = []
                    return .lead
                }
                state.waiting[computation]!.append(continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Ends a computation led after ``lookup(_:stamp:)``: keeps `entry` unless the data changed
    /// meanwhile (or it is too big) and gives it to the requests that waited. With nil (an
    /// error, an answer other than `200`), one waiter leads a new attempt.
    func finish(_ entry: Entry?, for key: Key, stamp: ChangeStamp) {
        let computation = Computation(key: key, stamp: stamp)
        let size = (entry?.body.readableBytes ?? 0) + key.target.utf8.count
        let (woken, nextLeader): ([CheckedContinuation<Lookup, Never>], CheckedContinuation<Lookup, Never>?) =
            state.withLock { state in
                guard let entry else {
                    // No answer to share: the first waiter leads the next attempt, the others
                    // keep waiting, as if they had just arrived.
                    guard var waiters = state.waiting.removeValue(forKey: computation), !waiters.isEmpty else {
                        return ([], nil)
                    }
                    let first = waiters.removeFirst()
                    state.waiting[computation] = waiters
                    return ([], first)
                }
                if state.stamp == stamp, size <= maximumEntryBytes {
                    if state.bytes + size > maximumBytes {
                        state.entries = [:]
                        state.bytes = 0
                    }
                    if let previous = state.entries.updateValue(entry, forKey: key) {
                        state.bytes -= previous.body.readableBytes + key.target.utf8.count
                    }
                    state.bytes += size
                }
                return (state.waiting.removeValue(forKey: computation) ?? [], nil)
            }
        nextLeader?.resume(returning: .lead)
        if let entry {
            for waiter in woken { waiter.resume(returning: .hit(entry)) }
        }
    }

    /// Number of responses kept (for tests).
    var count: Int { state.withLock { $0.entries.count } }

    /// Number of requests waiting for a leader (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.values.reduce(0) { $0 + $1.count } } }
}
