import HTTPTypes
import Hummingbird
import Roadmap

/// Access control: recognises the bearer token, applies the contract's role for the route,
/// and puts the caller (the token's name) in the request scope for the audit trail.
///
/// - No token on an operation that needs one → 401; a token without the role → 403; an
///   unknown, malformed or revoked token → 401 wherever it is sent. Both carry
///   `WWW-Authenticate: Bearer`. Reader operations are open to all unless reads are restricted;
///   personal data (contacts) always needs a token (``AccessPolicy/personalDataRole(readsArePublic:)``).
/// - The secret itself is never logged nor stored; only its hash is compared.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: AccessPolicy
    let tokens: TokenService
    let readsArePublic: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let route = context.endpointPath,
            let requirement = policy.requirement(method: request.method, route: route)
        else {
            // Unknown route or method: let the router answer 404/405.
            return try await next(request, context)
        }
        if requirement == .open {
            return try await next(request, context)
        }
        let token = try await authenticate(request.headers[.authorization])
        let least: AccessRole? =
            switch requirement {
            case .open: nil
            case .role(let role): role
            case .personalData: AccessPolicy.personalDataRole(readsArePublic: readsArePublic)
            }
        if let role = least {
            let needsToken = role > .reader || !readsArePublic || requirement == .personalData
            if needsToken, token == nil {
                throw Problem.unauthorized(
                    "This operation needs a token with the \(role.rawValue) role: send Authorization: Bearer <token>.")
            }
            if let token, token.role < role {
                throw Problem.forbidden(
                    "The token « \(token.name) » has the \(token.role.rawValue) role; this operation needs \(role.rawValue)."
                )
            }
        }
        var scope = RequestScope.current
        if let token {
            scope.caller = Caller(name: token.name)
            scope.role = token.role
            scope.tokenId = token.id
        }
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
    }

    /// The token of an `Authorization` header, nil without one; 401 when it is not a live token.
    private func authenticate(_ header: String?) async throws -> ApiTokenInfo? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("The Authorization header must read: Bearer <token>.", error: "invalid_request")
        }
        guard let token = try await tokens.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem.unauthorized("The token is unknown or revoked.", error: "invalid_token")
        }
        return token
    }
}

extension Problem {
    static func unauthorized(_ detail: String, error: String? = nil) -> Problem {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"fne-api\"" + (error.map { ", error=\"\($0)\"" } ?? "")
        return Problem(
            status: .unauthorized, slug: "unauthorized", title: "Authentication required", detail: detail,
            headers: headers)
    }

    static func forbidden(_ detail: String) -> Problem {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"fne-api\", error=\"insufficient_scope\""
        return Problem(status: .forbidden, slug: "forbidden", title: "Not allowed", detail: detail, headers: headers)
    }
}
