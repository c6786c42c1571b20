/// Who makes a change, as written in the audit trail and the change feed: the name of the API
/// token (or `anonymous`, `seed`, `cli`), and the id of the HTTP request when there is one.
public struct Caller: Sendable, Equatable {
    public var name: String
    public var requestId: String?

    public init(name: String, requestId: String? = nil) {
        self.name = name
        self.requestId = requestId
    }

    /// Writes made without a token (while access control is not configured).
    public static let anonymous = Caller(name: "anonymous")
    /// The Gers seed written on first start.
    public static let seed = Caller(name: "seed")
    /// Commands of the executable.
    public static let commandLine = Caller(name: "cli")
}
