import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Synchronization

/// The routes of the contract, recorded while the generated code registers them, so that a
/// request with a known path but another method gets 405 with `Allow` instead of 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    func add(method: HTTPRequest.Method, path: String) {
        let segments = path.split(separator: "/")
        routes.withLock { $0.append((method, segments)) }
    }

    /// The methods allowed on `path` (empty when no route has this path). HEAD is allowed
    /// wherever GET is.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        var methods = routes.withLock { routes in
            // Like the router, a literal segment wins over a parameter: only the most specific
            // templates that match count (`/groups/meetings.ics` is not `/groups/{id}`).
            let matching = routes.filter { Self.matches($0.segments, segments) }
            let fewest = matching.map { Self.parameterCount($0.segments) }.min()
            return matching.filter { Self.parameterCount($0.segments) == fewest }.map(\.method)
        }
        if methods.contains(.get) { methods.append(.head) }
        return methods
    }

    private static func parameterCount(_ template: [Substring]) -> Int {
        template.filter { $0.hasPrefix("{") }.count
    }

    private static func matches(_ template: [Substring], _ segments: [Substring]) -> Bool {
        guard template.count == segments.count else { return false }
        return zip(template, segments).allSatisfy { pattern, segment in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
        }
    }
}

/// A `ServerTransport` that records each route in a `RouteTable` and registers it on the
/// Hummingbird router, as swift-openapi-hummingbird would.
struct RecordingTransport<Context: RequestContext>: ServerTransport {
    let router: Router<Context>
    let table: RouteTable

    func register(
        _ handler:
            @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        table.add(method: method, path: path)
        try router.register(handler, method: method, path: path)
    }
}
