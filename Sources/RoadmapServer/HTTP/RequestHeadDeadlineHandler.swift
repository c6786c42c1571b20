import Foundation
import NIOCore

/// Bounds the time a client may take to send a request head, so that slow clients cannot
/// hold connections (a "slowloris" sending half a header, a byte at a time).
///
/// Sits first in the pipeline, on raw bytes. The clock starts when a connection opens, and
/// again at the first byte after a request was received whole (`Event.requestReceived`);
/// ``HTTP1ConformanceHandler`` stops it when the head is complete (`Event.headReceived`). When it runs out, the client gets a 408
/// problem+json and the connection is closed. A connection idle between requests is
/// Hummingbird's idle timeout's business.
final class RequestHeadDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What ``HTTP1ConformanceHandler`` tells this handler, as outbound user events.
    enum Event: Sendable {
        case headReceived
        /// The request's end (its whole body) was received.
        case requestReceived
    }

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Heads received minus requests received whole: 0 means the next bytes start a new request.
    private var requestsOpen = 0

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startClock(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if requestsOpen == 0, deadline == nil { startClock(context: context) }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? Event else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch event {
        case .headReceived:
            requestsOpen += 1
            stopClock()
        case .requestReceived:
            requestsOpen = max(0, requestsOpen - 1)
        }
        promise?.succeed()
    }

    private func startClock(context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.expire(context: context)
        }
    }

    private func stopClock() {
        deadline?.cancel()
        deadline = nil
    }

    private func expire(context: ChannelHandlerContext) {
        deadline = nil
        guard requestsOpen == 0 else { return }
        let seconds = timeout.nanoseconds / 1_000_000_000
        let requestId = RequestScope.newRequestId()
        let body = Problem.standalone(
            status: 408, slug: "request-timeout", title: "Request timeout",
            detail: "The request head was not received within \(seconds) seconds; the connection is closed.",
            requestId: requestId)
        var bytes = context.channel.allocator.buffer(capacity: body.count + 200)
        bytes.writeString(
            "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nContent-Length: \(body.count)\r\n"
                + "Connection: close\r\nX-Request-Id: \(requestId)\r\n\r\n")
        bytes.writeBytes(body)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(bytes), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
