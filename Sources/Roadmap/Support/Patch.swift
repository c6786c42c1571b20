/// One field of a partial update (JSON merge patch, RFC 7396): either left as it is, or set.
/// For an optional field `Value` is itself optional, so `.set(nil)` clears it.
public enum Patch<Value: Sendable>: Sendable {
    case keep
    case set(Value)

    /// Writes the new value into `target` when there is one.
    public func apply(to target: inout Value) {
        if case .set(let value) = self { target = value }
    }

    /// The new value, if any.
    public var newValue: Value? {
        if case .set(let value) = self { return value }
        return nil
    }
}

extension Patch: Equatable where Value: Equatable {}
