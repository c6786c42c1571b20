import Foundation
import HTTPTypes
import Hummingbird
import Roadmap
import RoadmapAPI

/// An RFC 9457 problem, ready to become an `application/problem+json` response.
struct Problem: Error, Sendable {
    var status: HTTPResponse.Status
    /// Last segment of the problem type URI (`/problems/<slug>`).
    var slug: String
    var title: String
    var detail: String
    var errors: [FieldError] = []
    var references: [Reference] = []
    var headers: HTTPFields = [:]

    /// The problem as the contract describes it.
    func body(instance: String?, requestId: String?) -> Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: "/problems/\(slug)",
            title: title,
            status: Int(status.code),
            detail: detail,
            instance: instance,
            requestId: requestId,
            errors: errors.isEmpty ? nil : errors.map { .init(field: $0.field, message: $0.message) },
            references: references.isEmpty
                ? nil : references.map { .init(entity: $0.entity, id: $0.id, label: $0.label) })
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The problem+json body of a problem answered below the router (by a channel handler),
    /// where no request was read.
    static func standalone(status: Int, slug: String, title: String, detail: String, requestId: String) -> Data {
        let problem = Problem(status: .init(code: status), slug: slug, title: title, detail: detail)
        return (try? encoder.encode(problem.body(instance: nil, requestId: requestId))) ?? Data()
    }

    /// The HTTP response for this problem.
    func response(path: String?, requestId: String?) -> Response {
        let data = (try? Problem.encoder.encode(body(instance: path, requestId: requestId))) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

// MARK: - The problems the API answers with

extension Problem {
    static func validation(_ errors: [FieldError]) -> Problem {
        Problem(
            status: .badRequest, slug: "validation", title: "Invalid request",
            detail: errors.map(\.description).joined(separator: "; "), errors: errors)
    }

    static func malformed(_ detail: String, field: String? = nil) -> Problem {
        Problem(
            status: .badRequest, slug: "malformed-request", title: "Malformed request", detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, slug: "not-found", title: "Not found", detail: detail)
    }

    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = list
        return Problem(
            status: .methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed",
            detail: "\(method.rawValue) is not allowed here; allowed: \(list).", headers: headers)
    }

    static func contentTooLarge(limit: Int) -> Problem {
        Problem(
            status: .contentTooLarge, slug: "content-too-large", title: "Request body too large",
            detail: "The request body exceeds the limit of \(limit) bytes.")
    }

    static func unsupportedMediaType(_ detail: String) -> Problem {
        Problem(
            status: .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported media type",
            detail: detail)
    }

    /// The client closed its connection before sending its whole request.
    static func clientClosedRequest() -> Problem {
        Problem(
            status: .init(code: 499, reasonPhrase: "Client Closed Request"), slug: "client-closed-request",
            title: "Client closed request", detail: "The connection was closed before the whole request was received.")
    }

    static func internalError() -> Problem {
        Problem(
            status: .internalServerError, slug: "internal", title: "Internal error",
            detail: "The server failed to answer; the error is logged with this request id.")
    }

    /// The problem a domain error stands for.
    init(_ error: RoadmapError) {
        switch error {
        case .notFound(let entity, let id):
            self = .notFound(id.isEmpty ? "There is no \(entity)." : "There is no \(entity) with id \(id).")
        case .invalid(let errors):
            self = .validation(errors)
        case .unprocessable(let errors):
            self = Problem(
                status: .unprocessableContent, slug: "unprocessable", title: "Unprocessable request",
                detail: errors.map(\.description).joined(separator: "; "), errors: errors)
        case .conflict(let detail, let references):
            self = Problem(
                status: .conflict, slug: "conflict", title: "Conflict with stored data", detail: detail,
                references: references)
        case .preconditionFailed:
            self = Problem(
                status: .preconditionFailed, slug: "precondition-failed", title: "Precondition failed",
                detail: "The resource changed since the ETag given in If-Match; fetch it again and retry.")
        case .tooLarge(let field, let limit):
            self = Problem(
                status: .contentTooLarge, slug: "content-too-large", title: "Content too large",
                detail: "\(field): must be at most \(limit) bytes.",
                errors: [FieldError(field: field, message: "must be at most \(limit) bytes")])
        case .unsupportedContent(let error):
            self = Problem(
                status: .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported media type",
                detail: error.description, errors: [error])
        case .unavailable(let reason):
            self = Problem(
                status: .serviceUnavailable, slug: "unavailable", title: "Service unavailable",
                detail: "The database cannot take this request now: \(reason).")
        }
    }
}
