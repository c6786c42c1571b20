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
    /// The id of the caller's token; nil without a token.
    var tokenId: Int64? = nil

    /// Whose `Idempotency-Key`s these are: the token's identity (two tokens may share a name).
    var idempotencyScope: String { tokenId.map { "token:\($0)" } ?? "anonymous" }

    @TaskLocal static var current = RequestScope(requestId: "-", caller: .anonymous, explicitNulls: [])
}

extension RequestScope {
    /// A new random request id: 32 hexadecimal digits.
    static func newRequestId() -> String {
        // Two 64-bit draws: on Linux each draw of the system generator is a getrandom(2)
        // call, so sixteen one-byte draws cost sixteen system calls per request.
        var generator = SystemRandomNumberGenerator()
        let words = [generator.next() as UInt64, generator.next() as UInt64]
        return Hex.string(words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } })
    }
}
