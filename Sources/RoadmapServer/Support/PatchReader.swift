import Roadmap

/// Reads a merge-patch body decoded by the generated code, telling "absent" from `null`
/// with the fields the body middleware saw as `null`.
struct PatchReader {
    let explicitNulls: Set<String>
    private(set) var errors: [FieldError] = []

    init(explicitNulls: Set<String> = RequestScope.current.explicitNulls) {
        self.explicitNulls = explicitNulls
    }

    /// A field that cannot be cleared: absent → keep; `null` → a "must not be null" error.
    mutating func required<T>(_ value: T?, _ key: String) -> Patch<T> {
        if let value { return .set(value) }
        if explicitNulls.contains(key) { errors.append(FieldError(field: key, message: "must not be null (it cannot be cleared)")) }
        return .keep
    }

    /// A field that can be cleared: absent → keep; `null` → clear.
    func optional<T>(_ value: T?, _ key: String) -> Patch<T?> {
        if let value { return .set(value) }
        return explicitNulls.contains(key) ? .set(nil) : .keep
    }

    /// Throws the collected errors, if any.
    func finish() throws {
        if !errors.isEmpty { throw RoadmapError.invalid(errors) }
    }
}
