import HTTPTypes
import Hummingbird

/// Cross-origin access for browser front ends, for the origins the settings allow (none by
/// default; `*` allows any). Answers preflight requests itself, with the methods and headers
/// this API uses; exposes the headers a front end reads (`ETag`, `Location`, `X-Request-Id`).
/// A request from an origin that is not allowed gets no CORS header (the browser then blocks
/// it); its preflight is refused with 403.
///
/// Why not Hummingbird's `CORSMiddleware`: it allows one origin, all of them, or whichever
/// asks (`.custom`, `.all`, `.originBased`), while the settings here list several origins; it
/// answers a preflight from any origin, while a refused one here gets a 403 problem saying
/// which setting to change; and it adds `Vary: Origin` only to the responses it decorates,
/// while shared caches need it on every response once an origin is allowed.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    static var allowedMethods: String { "GET, HEAD, POST, PATCH, DELETE, OPTIONS" }
    static var allowedHeaders: String {
        "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id"
    }
    static var exposedHeaders: String { "ETag, Location, X-Request-Id, WWW-Authenticate, Allow, Idempotent-Replayed" }
    /// How long a browser may cache a preflight answer: 10 minutes.
    static var maxAge: String { "600" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await answer(request, context: context, next: next)
        // Once some origin is allowed, whether CORS headers are present depends on Origin, on
        // every response, with or without an Origin header: shared caches must key on it.
        // (With none allowed, no response depends on it.)
        if !allowedOrigins.isEmpty,
            !(response.headers[values: .vary].contains { $0.localizedCaseInsensitiveContains("origin") })
        {
            response.headers.append(HTTPField(name: .vary, value: "Origin"))
        }
        return response
    }

    private func answer(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowed = allowedOrigins.contains("*") || allowedOrigins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else {
                // This middleware sits outside the problem middleware: answer the problem here.
                return Problem(
                    status: .forbidden, slug: "cors-origin-not-allowed", title: "Origin not allowed",
                    detail:
                        "Cross-origin requests from \(origin) are not allowed by this server's settings (FNE_CORS_ORIGINS)."
                )
                .response(path: request.uri.path, requestId: RequestScope.current.requestId)
            }
            var headers = HTTPFields()
            apply(origin: origin, to: &headers)
            headers[.accessControlAllowMethods] = Self.allowedMethods
            headers[.accessControlAllowHeaders] = Self.allowedHeaders
            headers[.accessControlMaxAge] = Self.maxAge
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            apply(origin: origin, to: &response.headers)
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        return response
    }

    private func apply(origin: String, to headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = origin
    }
}
