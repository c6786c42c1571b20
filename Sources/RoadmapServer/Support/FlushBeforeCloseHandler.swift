import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Delays a connection's close until the response bytes already written have reached the
/// socket.
///
/// On graceful shutdown Hummingbird closes each connection right after writing the end of its
/// last response (`HTTPConnectionStateHandler`). A large response (an export of several
/// megabytes) is then still partly queued in NIO, and a close fails the queued writes: the
/// client gets a truncated body. This handler sits between the HTTP codec and that state
/// handler, counts the writes in flight and holds the close until they complete (written or
/// failed), so that in-flight requests really complete on SIGTERM.
final class FlushBeforeCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var writesInFlight = 0
    private var pendingClose: (mode: CloseMode, promise: EventLoopPromise<Void>?)?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        writesInFlight += 1
        let tracked = promise ?? context.eventLoop.makePromise()
        tracked.futureResult.assumeIsolated().whenComplete { _ in
            self.writesInFlight -= 1
            if self.writesInFlight == 0, let close = self.pendingClose {
                self.pendingClose = nil
                context.close(mode: close.mode, promise: close.promise)
            }
        }
        context.write(data, promise: tracked)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, writesInFlight > 0 else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let earlier = pendingClose {
            // A second close while the first waits: complete both together.
            earlier.promise?.futureResult.cascade(to: promise)
        } else {
            pendingClose = (mode, promise)
        }
    }
}
