import Roadmap

/// Reads a merge-patch body decoded by the generated code, telling "absent" from `null`.
///
/// The generated types decode both as nil; the body middleware, which parses every JSON body
/// anyway (to name out-of-range numbers), notes the top-level fields sent as `null` in the
/// request scope. Fields are named by the schema's generated `CodingKeys`, so a misspelt field
/// does not compile (a string key could silently turn "clear" into "keep").
struct PatchReader<Key: CodingKey> {
    private let explicitNulls: Set<String>
    private(set) var errors: [FieldError] = []

    /// A reader for the schema whose coding keys are `keys`, with the `null` fields of the
    /// current request.
    init(_ keys: Key.Type, explicitNulls: Set<String> = RequestScope.current.explicitNulls) {
        self.explicitNulls = explicitNulls
    }

    /// A field that cannot be cleared: absent → keep; `null` → a "must not be null" error.
    mutating func required<T>(_ value: T?, _ key: Key) -> Patch<T> {
        if let value { return .set(value) }
        if isNull(key) {
            errors.append(FieldError(field: key.stringValue, message: "must not be null (it cannot be cleared)"))
        }
        return .keep
    }

    /// A field that can be cleared: absent → keep; `null` → clear.
    func optional<T>(_ value: T?, _ key: Key) -> Patch<T?> {
        if let value { return .set(value) }
        return isNull(key) ? .set(nil) : .keep
    }

    /// Throws the collected errors, if any.
    func finish() throws {
        if !errors.isEmpty { throw RoadmapError.invalid(errors) }
    }

    private func isNull(_ key: Key) -> Bool { explicitNulls.contains(key.stringValue) }
}
