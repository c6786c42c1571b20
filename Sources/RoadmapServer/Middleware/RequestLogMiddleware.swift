import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Roadmap

/// Outermost middleware: gives every request an id (the client's `X-Request-Id` when it is a
/// sensible token, a new random one otherwise), sends it back on every response, errors
/// included, and writes one log line per request.
///
/// Why not Hummingbird's `LogRequestsMiddleware` and its `RequestID`: Hummingbird logs when a
/// request arrives, with its own per-connection id, and never the status or the duration;
/// operators here read one line per request after the answer (status, including the 499 of a
/// client gone, and milliseconds), keyed by the `X-Request-Id` a calling service sent, which
/// is also the id of the audit trail and of every problem body.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let requestId = Self.acceptedId(request.headers[.xRequestId]) ?? RequestScope.newRequestId()
        var response = try await RequestScope.$current.withValue(
            RequestScope(requestId: requestId, caller: .anonymous, explicitNulls: [])
        ) {
            try await next(request, context)
        }
        response.headers[.xRequestId] = requestId
        let elapsed = ContinuousClock.now - started
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(Self.milliseconds(elapsed)),
                "request_id": .string(requestId),
            ])
        return response
    }

    /// A duration in milliseconds with three decimals (`12.345`), without Foundation's
    /// `String(format:)`, which costs more than the rest of the log line.
    static func milliseconds(_ duration: Duration) -> String {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// A client id is echoed when it is 1–128 characters of letters, digits and `-_.:`, so
    /// that it cannot inject anything into logs or headers.
    static func acceptedId(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
            })
        else { return nil }
        return value
    }
}
