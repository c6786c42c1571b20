/// A check the caller attaches to a write, run inside the write transaction against the
/// current value before anything changes: the HTTP layer uses it for `If-Match`, so that the
/// check and the write cannot be separated by another writer.
public typealias Precondition<Value> = @Sendable (Value) -> Bool

extension Optional {
    /// Throws `preconditionFailed` unless the precondition (if any) holds for `value`.
    func verify<Value>(_ value: Value) throws where Wrapped == Precondition<Value> {
        if let check = self, !check(value) { throw RoadmapError.preconditionFailed }
    }
}
