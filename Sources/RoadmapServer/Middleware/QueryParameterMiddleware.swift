import Hummingbird
import Roadmap

/// Refuses a repeated single-valued query parameter with a 400 naming it (see
/// ``QueryParameterRules``). Unknown parameters are ignored, as the contract allows.
struct QueryParameterMiddleware<Context: RequestContext>: RouterMiddleware {
    let rules: QueryParameterRules

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let route = context.endpointPath, request.uri.query != nil,
            let name = rules.repeatedParameter(method: request.method, route: route,
                                               query: request.uri.queryParameters.map(\.key))
        {
            throw RoadmapError.invalid(name, "takes one value; it was given more than once")
        }
        return try await next(request, context)
    }
}
