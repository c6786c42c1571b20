import Roadmap

/// What the middleware learned about the current request, for the handlers: its id, who is
/// calling, and which top-level body fields were sent as JSON `null` (the generated types
/// cannot tell `null` from absent, and merge patch needs the difference).
struct RequestScope: Sendable {
    var requestId: String
    var caller: Caller
    var explicitNulls: Set<String>
    /// The role of the caller's token; nil without a token.
    var role: AccessRole? = nil

    @TaskLocal static var current = RequestScope(requestId: "-", caller: .anonymous, explicitNulls: [])
}
