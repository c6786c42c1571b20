import HTTPTypes

/// The header names of this API that HTTPTypes does not define, in one place: several
/// middlewares, the handlers and the tests use them.
extension HTTPField.Name {
    public static let xRequestId = HTTPField.Name("X-Request-Id")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
