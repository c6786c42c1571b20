import Foundation
import Hummingbird
import Roadmap

/// Checks the query string and the path parameters of a known route against the contract
/// (see ``QueryParameterRules``) before the generated decoder reads them: a malformed query
/// string or a value that does not fit its declared schema is a 400 naming the parameter.
struct QueryParameterMiddleware<Context: RequestContext>: RouterMiddleware {
    let rules: QueryParameterRules

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let route = context.endpointPath {
            // Path segments as the generated decoder reads them: percent-decoded (`/axes/%31` is `/axes/1`).
            let pathParameters = context.parameters.map {
                (name: String($0.key), value: String($0.value).removingPercentEncoding ?? String($0.value))
            }
            try rules.check(
                method: request.method, route: route, rawQuery: request.uri.query, pathParameters: pathParameters)
        }
        return try await next(request, context)
    }
}
