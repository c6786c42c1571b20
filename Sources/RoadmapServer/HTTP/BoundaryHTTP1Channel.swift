import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the two handlers that keep its edge to the RFCs and
/// to slow clients: ``RequestHeadDeadlineHandler`` first, on raw bytes, and
/// ``HTTP1ConformanceHandler`` between NIO's HTTP/1 codec and Hummingbird's conversion to
/// HTTP types (the only place where the request's version and repeated `Host` lines are seen).
struct BoundaryHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let headerTimeout: TimeAmount

    var responder: Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(HTTP1ConformanceHandler(), position: .before(codec))
            try pipeline.addHandler(RequestHeadDeadlineHandler(timeout: headerTimeout), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the server's boundary handlers and timeouts.
    static func boundaryHTTP1(
        idleTimeout: TimeAmount, headerTimeout: TimeAmount,
        additionalChannelHandlers: @escaping @Sendable () -> [any RemovableChannelHandler]
    ) -> HTTPServerBuilder {
        .init { responder in
            BoundaryHTTP1Channel(
                base: HTTP1Channel(
                    responder: responder,
                    configuration: .init(
                        additionalChannelHandlers: additionalChannelHandlers(), idleTimeout: idleTimeout)),
                headerTimeout: headerTimeout)
        }
    }
}
