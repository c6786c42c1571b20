import Foundation
import Hummingbird
import NIOCore
import Roadmap

/// Checks request bodies before the generated decoders see them: refuses a body over the size
/// limit (413), a JSON body that is not well-formed UTF-8 JSON (400), and notes which
/// top-level fields were sent as `null`, for merge patches.
struct JSONBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The largest request body accepted: 1 MiB, far above any roadmap document.
    static var maximumBodySize: Int { 1 << 20 }

    /// The largest file an upload (`multipart/form-data`) may carry; its body may be that plus
    /// ``maximumBodySize`` for the form's other fields and boundaries. The file's own limit is
    /// the domain's (``DocumentService``), which names the field.
    var uploadLimit: Int = DocumentService.defaultMaximumBytes

    /// The body limit of a request with this `Content-Type`.
    func bodyLimit(contentType: String?) -> Int {
        Self.mediaType(contentType) == "multipart/form-data" ? uploadLimit + Self.maximumBodySize : Self.maximumBodySize
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method) else {
            return try await next(request, context)
        }
        var request = request
        let buffer: ByteBuffer
        let limit = bodyLimit(contentType: request.headers[.contentType])
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem.contentTooLarge(limit: limit)
        }
        guard Self.isJSON(request.headers[.contentType]), buffer.readableBytes > 0 else {
            return try await next(request, context)
        }
        let data = Data(buffer.readableBytesView)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason =
                String(data: data, encoding: .utf8) == nil
                ? "the body is not valid UTF-8" : "the body is not well-formed JSON"
            throw Problem.malformed("Malformed JSON: \(reason).")
        }
        // JSONDecoder loses the field of a number too large for 64 bits or with a fraction;
        // name it here. (Every number of this API is a whole number within Int64.)
        if let (path, message) = Self.firstInvalidNumber(in: object, path: "") {
            throw Problem.validation([FieldError(field: path.isEmpty ? "body" : path, message: message)])
        }
        var scope = RequestScope.current
        if let fields = object as? [String: Any] {
            scope.explicitNulls = Set(fields.compactMap { $0.value is NSNull ? $0.key : nil })
        }
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
    }

    /// `application/json` and any `+json` type (`application/merge-patch+json`).
    static func isJSON(_ contentType: String?) -> Bool {
        let type = mediaType(contentType)
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// The media type of a `Content-Type`, lowercased, without parameters; empty without one.
    static func mediaType(_ contentType: String?) -> String {
        guard let contentType else { return "" }
        return contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? ""
    }

    /// The path of the first number beyond ±2⁶³ or with a fraction in a parsed JSON value,
    /// and the rule it breaks.
    static func firstInvalidNumber(in value: Any, path: String) -> (String, String)? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstInvalidNumber(in: object[key]!, path: path.isEmpty ? key : "\(path).\(key)") {
                    return found
                }
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstInvalidNumber(in: element, path: "\(path)[\(index)]") { return found }
            }
        case let number as NSNumber where !(number is Bool):
            // Exact, over the whole declared int64 range: a Double comparison would refuse
            // values near 2⁶³ that the contract allows.
            let isDouble = ["d", "f"].contains(String(cString: number.objCType))
            if !isDouble {
                if Int64(number.stringValue) != nil { break }
                return (path, "is out of range: whole numbers are 64-bit, from \(Int64.min) to \(Int64.max)")
            }
            let double = number.doubleValue
            if double.rounded(.towardZero) != double { return (path, "must be a whole number") }
            // Read as a double: a whole number written with a fraction or an exponent (1.0,
            // 1e3), or an integer the parser could not keep as one (beyond 64 bits). Only the
            // integers just below -2⁶³, which round to it, get past this check (the decoder
            // then refuses them without naming the field).
            if Int64(exactly: double) == nil {
                return (path, "is out of range: whole numbers are 64-bit, from \(Int64.min) to \(Int64.max)")
            }
        default:
            break
        }
        return nil
    }
}
