import HTTPTypes
import Hummingbird
import Roadmap

/// Answers repeated reads of unchanged data from a ``ResponseCache``.
///
/// The roadmap is read far more often than it is written, and most of a read's cost is
/// encoding the same JSON again. Only `GET` operations of the reader role are cached (data of
/// the roadmap, the same for every caller); it sits after access control, so a cached answer
/// is never given to a caller the contract refuses. Conditional requests (`If-None-Match`,
/// `If-Modified-Since`) go to the handler, which owns `304`. Only `200` answers are kept.
struct ReadCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: ResponseCache
    let policy: AccessPolicy
    let database: AppDatabase
    let clock: RoadmapClock

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get,
            let route = context.endpointPath,
            policy.requirement(method: .get, route: route) == .role(.reader),
            !Self.uncachedRoutes.contains(route), !route.hasPrefix("/documents"),
            request.headers[.ifNoneMatch] == nil, request.headers[.ifModifiedSince] == nil
        else {
            return try await next(request, context)
        }
        let key = ResponseCache.Key(
            target: request.uri.description, accept: request.headers[.accept], today: clock.today)
        // Taken before the answer is computed: a commit from now on makes the entry unreachable.
        let stamp = try await database.changeStamp()
        switch await cache.lookup(key, stamp: stamp) {
        case .hit(let entry):
            return Response(status: entry.status, headers: entry.headers, body: .init(byteBuffer: entry.body))
        case .lead:
            // Whatever happens, `finish` wakes the requests waiting for this one.
            let entry: ResponseCache.Entry
            do {
                let response = try await next(request, context)
                guard response.status == .ok else {
                    cache.finish(nil, for: key, stamp: stamp)
                    return response
                }
                let collector = CollectingWriter()
                try await response.body.write(collector)
                entry = .init(status: response.status, headers: response.headers, body: collector.buffer)
            } catch {
                cache.finish(nil, for: key, stamp: stamp)
                throw error
            }
            cache.finish(entry, for: key, stamp: stamp)
            return Response(status: entry.status, headers: entry.headers, body: .init(byteBuffer: entry.body))
        }
    }

    /// Reader operations whose answer is not the stored data: the metrics move with every request.
    /// (Routes under `/documents` are not cached either: their answers differ by caller, as
    /// restricted documents exist only for token holders, and files are large and not JSON.)
    static var uncachedRoutes: Set<String> { ["/metrics"] }
}
