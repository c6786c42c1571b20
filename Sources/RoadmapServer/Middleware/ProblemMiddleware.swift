import Hummingbird
import Logging
import OpenAPIRuntime
import Roadmap

/// Turns every error into an `application/problem+json` response with the right status:
/// domain errors, decoding errors of the generated layer, unknown routes (404), known routes
/// with another method (405 + `Allow`). Anything unforeseen becomes a logged 500 that still
/// speaks problem+json.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = problem(for: error, request: request, context: context)
            return problem.response(path: request.uri.path, requestId: RequestScope.current.requestId)
        }
    }

    func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as RoadmapError:
            return Problem(error)
        case let error as ServerError:
            return problem(for: error, parameters: Self.parameters(of: request, context: context))
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.allowedMethods(for: request.uri.path)
            if !allowed.isEmpty {
                return .methodNotAllowed(request.method, allowed: allowed)
            }
            return .notFound("No resource at \(request.uri.path). See /openapi.yaml for the routes.")
        case let error as any HTTPResponseError where (400..<500).contains(error.status.code):
            return Problem(status: error.status, slug: "http-\(error.status.code)", title: error.status.reasonPhrase,
                           detail: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "request_id": .string(RequestScope.current.requestId)])
            return .internalError()
        }
    }

    /// Errors wrapped by the generated server: a handler's domain error, or a request the
    /// generated code could not decode.
    private func problem(for error: ServerError, parameters: [(name: String, value: String)]) -> Problem {
        switch error.underlyingError {
        case let underlying as RoadmapError:
            return Problem(underlying)
        case let underlying as Problem:
            return underlying
        case let underlying as DecodingError:
            // Body errors carry a coding path; parameter errors do not, so find the parameter.
            if case .dataCorrupted(let context) = underlying, context.codingPath.isEmpty, context.debugDescription.contains("not valid JSON") {
                return .validation([DecodingProblem.fieldError(underlying)])
            }
            let field = DecodingProblem.fieldError(underlying)
            if field.field == "body", let parameter = DecodingProblem.parameterError(underlying, parameters: parameters) {
                return .validation([parameter])
            }
            return .validation([field])
        default:
            break
        }
        let status = error.httpStatus
        if status == .unsupportedMediaType {
            return .unsupportedMediaType("Send the body as application/json. \(error.causeDescription)")
        }
        if (400..<500).contains(status.code) {
            return Problem(status: status, slug: status == .badRequest ? "malformed-request" : "http-\(status.code)",
                           title: status.reasonPhrase, detail: error.causeDescription)
        }
        logger.error("unhandled server error", metadata: ["error": "\(error)", "request_id": .string(RequestScope.current.requestId)])
        return .internalError()
    }

    /// Path parameters, then query items, as the client sent them.
    static func parameters(of request: Request, context: Context) -> [(name: String, value: String)] {
        let path = context.parameters.map { (name: String($0.key), value: String($0.value)) }
        let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
        return path + query
    }
}
