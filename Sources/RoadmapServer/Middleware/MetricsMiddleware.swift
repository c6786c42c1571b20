import CoreMetrics
import HTTPTypes
import Hummingbird
import Synchronization

/// Counts requests and measures their duration by route (the contract's path template, so
/// that `/axes/1` and `/axes/2` are one series), method and final status:
/// `fne_http_requests_total` and `fne_http_request_duration_seconds`. Sits outside the
/// problem middleware, so errors are counted with the status the client received.
///
/// Why not Hummingbird's `MetricsMiddleware`: its series (`hb.requests`,
/// `http.server.request.duration`) are labelled by the router's path, and a request that
/// throws is counted as an error without the status the problem middleware gives it; the
/// dashboards of this API read `fne_http_…` by contract route and final status, 499 and 503
/// included.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: AppMetrics
    private let series = SeriesCache()

    init(metrics: AppMetrics) {
        self.metrics = metrics
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let key = SeriesKey(
            route: context.endpointPath ?? "NotFound", method: request.method.rawValue,
            status: Int(response.status.code))
        let (counter, timer) = series.metrics(for: key, factory: metrics.factory)
        counter.increment()
        let elapsed = ContinuousClock.now - started
        timer.recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }

    struct SeriesKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    /// Metric objects by series: making one goes through the registry's lock, so each series
    /// is made once.
    final class SeriesCache: Sendable {
        private let storage = Mutex<[SeriesKey: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

        func metrics(for key: SeriesKey, factory: any MetricsFactory) -> (CoreMetrics.Counter, CoreMetrics.Timer) {
            storage.withLock { storage in
                if let existing = storage[key] { return existing }
                let labels = [("route", key.route), ("method", key.method), ("status", String(key.status))]
                let made = (
                    CoreMetrics.Counter(label: "fne_http_requests_total", dimensions: labels, factory: factory),
                    CoreMetrics.Timer(label: "fne_http_request_duration_seconds", dimensions: labels, factory: factory)
                )
                storage[key] = made
                return made
            }
        }
    }
}
