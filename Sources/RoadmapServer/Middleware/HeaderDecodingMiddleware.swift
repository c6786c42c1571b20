import Foundation
import HTTPTypes
import Hummingbird

/// Undoes the percent-encoding that swift-openapi-runtime applies to response header values
/// (apple/swift-openapi-generator#857, #827): without it an ETag `"ab12"` goes out as
/// `%22ab12%22` and a Location `/axes/5` as `%2Faxes%2F5`. Only the headers this API sets
/// through the contract are decoded. The runtime encodes every `%` too (as `%25`), so one
/// decoding gives back exactly what the handler set, the `%C3%A9` of a `Content-Disposition`'s
/// `filename*` included.
struct HeaderDecodingMiddleware<Context: RequestContext>: RouterMiddleware {
    static var decodedHeaders: [HTTPField.Name] {
        [.eTag, .location, .contentDisposition, .contentRange, .acceptRanges]
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        for name in Self.decodedHeaders {
            if let value = response.headers[name], value.contains("%"), let decoded = value.removingPercentEncoding {
                response.headers[name] = decoded
            }
        }
        return response
    }
}
