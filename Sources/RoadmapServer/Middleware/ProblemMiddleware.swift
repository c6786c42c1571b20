import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import OpenAPIRuntime
import Roadmap

/// Turns every error into an `application/problem+json` response with the right status:
/// domain errors, requests the generated layer could not read, faults of the client's HTTP
/// (a broken chunked body, a connection closed mid-body), unknown routes (404), known routes
/// with another method (405 + `Allow`). Anything unforeseen becomes a logged 500 that still
/// speaks problem+json.
///
/// What is logged of an unforeseen error is its type and the description of the underlying
/// error, never the request: the runtime's `ServerError` carries the whole request, headers
/// included, and `Authorization` must never reach a log.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
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
            return problem(for: error)
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.allowedMethods(for: request.uri.path)
            if !allowed.isEmpty {
                return .methodNotAllowed(request.method, allowed: allowed)
            }
            return .notFound("No resource at \(request.uri.path). See /openapi.yaml for the routes.")
        case let error as any HTTPResponseError where (400..<500).contains(error.status.code):
            return Problem(
                status: error.status, slug: "http-\(error.status.code)", title: error.status.reasonPhrase,
                detail: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        default:
            if let problem = Self.clientFault(error) { return problem }
            logUnforeseen(error, operation: nil)
            return .internalError()
        }
    }

    /// Errors wrapped by the generated server: a handler's domain error, or a request the
    /// generated code could not read.
    private func problem(for error: ServerError) -> Problem {
        switch error.underlyingError {
        case let underlying as RoadmapError:
            return Problem(underlying)
        case let underlying as Problem:
            return underlying
        case let underlying as DecodingError:
            // Every path and query parameter was checked against its schema before the
            // generated decoders ran (QueryParameterRules, which names the parameter from the
            // contract), so a decoding error here is the body's: its coding path names the field.
            return .validation([DecodingProblem.fieldError(underlying)])
        default:
            if let problem = Self.clientFault(error.underlyingError) { return problem }
        }
        let status = error.httpStatus
        if status == .unsupportedMediaType {
            // The runtime's cause names the type this operation expects (JSON, or a form for uploads).
            return .unsupportedMediaType("Send the body in the type this operation takes. \(error.causeDescription)")
        }
        if (400..<500).contains(status.code) {
            return Problem(
                status: status, slug: status == .badRequest ? "malformed-request" : "http-\(status.code)",
                title: status.reasonPhrase, detail: error.causeDescription)
        }
        // The request never became the operation's input: what failed is reading what the
        // client sent (its query, headers or body), so the fault is the client's.
        if error.operationInput == nil {
            return .malformed("The request could not be read: \(error.causeDescription)")
        }
        logUnforeseen(error.underlyingError, operation: error.operationID)
        return .internalError()
    }

    /// A fault of the client's HTTP, seen while reading its request body: its connection
    /// closed or reset, or its bytes not HTTP. Other channel errors stay server faults.
    static func clientFault(_ error: any Error) -> Problem? {
        switch error {
        case HTTPParserError.invalidEOFState, HTTPParserError.closedConnection, ChannelError.eof,
            ChannelError.ioOnClosedChannel,
            ChannelError.inputClosed, ChannelError.outputClosed, ChannelError.alreadyClosed:
            // The client hung up before the end of its request: nobody reads this answer; its
            // status (499, "client closed request", as in nginx) keeps it out of the 5xx counts.
            return .clientClosedRequest()
        case let error as IOError where [ECONNRESET, EPIPE].contains(error.errnoCode):
            return .clientClosedRequest()
        case let error as HTTPParserError:
            return .malformed("The request is not valid HTTP/1.1 (\(error)); the connection is closed.")
        default:
            return nil
        }
    }

    /// The one log line of an unforeseen error: its type and description, never the request.
    private func logUnforeseen(_ error: any Error, operation: String?) {
        var metadata: Logger.Metadata = [
            "error_type": .string(String(reflecting: type(of: error))),
            "error": .string(String(describing: error)),
            "request_id": .string(RequestScope.current.requestId),
        ]
        if let operation { metadata["operation"] = .string(operation) }
        logger.error("unhandled error", metadata: metadata)
    }
}
