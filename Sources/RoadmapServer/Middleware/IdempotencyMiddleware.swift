import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Roadmap

/// `Idempotency-Key` on `POST`: the first request with a key is processed and its response
/// kept; a retry with the same key, target and body gets that response again (with
/// `Idempotent-Replayed: true`) and creates nothing; the same key with another body or target
/// is a 422. Keys belong to the token that sent them (its id, not its name: two tokens may share
/// a name) and are kept 24 hours. A response the server failed to give (5xx) is not kept, so
/// that the retry runs again, unless the change it made committed: the key is marked committed
/// in that same transaction (``IdempotencyClaim``), and a retry never carries it out twice.
struct IdempotencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: IdempotencyService
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post, let sentKey = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard (1...255).contains(sentKey.utf8.count), sentKey.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw RoadmapError.invalid(
                "Idempotency-Key", "must be 1 to 255 visible ASCII characters (a UUID is a good choice)")
        }
        // A key is a secret of its client (whoever knows it can read the kept response):
        // only its SHA-256 is stored, as for tokens.
        let key = Hex.string(SHA256.hash(data: Data(sentKey.utf8)))
        var request = request
        // JSONBodyMiddleware, before this one, has read the body within its limit.
        let body = try await request.collectBody(upTo: .max)
        let caller = RequestScope.current.idempotencyScope
        let fingerprint = Self.fingerprint(request, body: body)
        let claim: IdempotencyClaim
        switch try await store.begin(caller: caller, key: key, fingerprint: fingerprint) {
        case .replay(let stored):
            return Self.response(stored)
        case .mismatch:
            throw RoadmapError.unprocessable(
                "Idempotency-Key", "was already used with another request; use a new key for a new request")
        case .inProgress:
            throw RoadmapError.conflict(
                detail: "A request with this Idempotency-Key is still being processed; retry in a moment.")
        case .committedWithoutResponse:
            throw RoadmapError.conflict(
                detail: """
                    The request with this Idempotency-Key was carried out, but its response could not be kept; \
                    it is not carried out again. Find what it created with GET /changes.
                    """)
        case .proceed(let made):
            claim = IdempotencyClaim(caller: caller, key: key, claim: made)
        }
        let response: Response
        do {
            response = try await IdempotencyClaim.$current.withValue(claim) {
                try await next(request, context)
            }
        } catch {
            try? await store.abandon(claim)
            throw error
        }
        guard response.status.code < 500 else {
            try? await store.abandon(claim)
            return response
        }
        let collector = CollectingWriter()
        try await response.body.write(collector)
        let bytes = Data(collector.buffer.readableBytesView)
        var headers: [String: String] = [:]
        for field in response.headers where Self.keptHeaders.contains(field.name) {
            headers[field.name.rawName] = field.value
        }
        do {
            try await store.complete(
                claim, response: StoredResponse(status: Int(response.status.code), headers: headers, body: bytes))
        } catch {
            // The change is committed (and its key marked so in the same transaction): the
            // client gets its true answer; a retry is told the request was carried out.
            logger.warning(
                "the response of an idempotent request could not be kept",
                metadata: [
                    "request_id": .string(RequestScope.current.requestId), "error": .string("\(error)"),
                ])
        }
        return Response(status: response.status, headers: response.headers, body: .init(byteBuffer: collector.buffer))
    }

    static var keptHeaders: Set<HTTPField.Name> { [.contentType, .location, .eTag] }

    /// The request as far as a retry must repeat it: target, media type and body.
    static func fingerprint(_ request: Request, body: ByteBuffer) -> String {
        var hasher = SHA256()
        hasher.update(
            data: Data("\(request.uri.path)?\(request.uri.query ?? "")\n\(request.headers[.contentType] ?? "")\n".utf8))
        hasher.update(data: Data(body.readableBytesView))
        return Hex.string(hasher.finalize())
    }

    static func response(_ stored: StoredResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in stored.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        headers[.idempotentReplayed] = "true"
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
    }
}

/// Collects a response body in memory (responses of this API are small JSON documents).
final class CollectingWriter: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
