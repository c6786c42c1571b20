import Foundation
import NIOCore
import NIOHTTP1

/// What RFC 9110/9112 ask of a server that the HTTP/1 stack under Hummingbird leaves out. Sits
/// right after NIO's HTTP/1 decoder, where the request's version and raw header lines are still
/// visible:
/// - a request with two `Host` fields, or an HTTP/1.1 request without one, is a 400 (RFC 9112
///   §3.2);
/// - `Expect: 100-continue` is answered `100 Continue` at once, so that a client waiting to
///   send its body does not wait a second for nothing (RFC 9110 §10.1.1); another expectation
///   is a 417;
/// - an HTTP/1.0 request without `Connection: keep-alive` (or any request with
///   `Connection: close`) gets `Connection: close`, and the connection is closed after its
///   response (RFC 9112 §9.3);
/// - a request the HTTP parser refuses between requests (a malformed request line, a header
///   over the limit) gets the same problem+json as every other error, then the connection is
///   closed. A parse error inside a request's body goes on to the handler reading that body,
///   whose error answer (400, or 499 when the client hung up) is the one sent.
///
/// It also tells ``RequestHeadDeadlineHandler`` when a request head is complete and when its
/// response has ended.
final class HTTP1ConformanceHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Requests whose head was read and whose response has not ended yet.
    private var requestsInFlight = 0
    /// The connection closes after the response in progress.
    private var closeAfterResponse = false
    /// A request was refused here: drop what the client still sends, the connection closes.
    private var refused = false
    /// The parser failed inside a request: its response is the last one, then the connection closes.
    private var parseFailed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        let part = unwrapInboundIn(data)
        guard case .head(var head) = part else {
            context.fireChannelRead(data)
            return
        }
        context.triggerUserOutboundEvent(RequestHeadDeadlineHandler.Event.headReceived, promise: nil)
        let hosts = head.headers["Host"].count
        if hosts > 1 || (hosts == 0 && head.version.isHTTP11OrLater) {
            refuse(context: context, status: .badRequest, slug: "malformed-request", title: "Malformed request",
                   detail: hosts > 1 ? "The request has more than one Host header." : "An HTTP/1.1 request needs a Host header.",
                   version: head.version)
            return
        }
        let expectations = head.headers["Expect"].map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        if !expectations.isEmpty {
            guard expectations.allSatisfy({ $0 == "100-continue" }) else {
                refuse(context: context, status: .expectationFailed, slug: "expectation-failed", title: "Expectation failed",
                       detail: "The only expectation this server meets is Expect: 100-continue.", version: head.version)
                return
            }
            if head.version.isHTTP11OrLater {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
        }
        requestsInFlight += 1
        if !head.isKeepAlive {
            closeAfterResponse = true
            // Hummingbird ends its request loop on this header.
            head.headers.replaceOrAdd(name: "Connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if parseFailed, requestsInFlight == 0 {
            // After a parse error inside a request, the response of that request was the
            // answer; Hummingbird then writes a bare 400 of its own: drop it, and close.
            promise?.succeed()
            context.close(promise: nil)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var head) where closeAfterResponse && head.status.code >= 200:
            head.headers.replaceOrAdd(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            requestsInFlight -= 1
            context.triggerUserOutboundEvent(RequestHeadDeadlineHandler.Event.responseEnded, promise: nil)
            if closeAfterResponse || parseFailed, requestsInFlight <= 0 {
                let written = promise ?? context.eventLoop.makePromise()
                context.writeAndFlush(data, promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            } else {
                context.write(data, promise: promise)
            }
        default:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError, requestsInFlight == 0, !refused else {
            // Inside a request: the handler reading its body gets the error and answers it.
            if error is HTTPParserError { parseFailed = true }
            context.fireErrorCaught(error)
            return
        }
        let tooLarge = parseError == .headerOverflow
        refuse(context: context, status: tooLarge ? .requestHeaderFieldsTooLarge : .badRequest,
               slug: tooLarge ? "header-too-large" : "malformed-request",
               title: tooLarge ? "Request header fields too large" : "Malformed request",
               detail: tooLarge
                   ? "The request line and headers exceed the server's limit (80 KB)."
                   : "The request is not valid HTTP/1.1 (\(parseError)).",
               version: .http1_1)
    }

    /// Answers a problem directly (no request reaches the application) and closes.
    private func refuse(context: ChannelHandlerContext, status: HTTPResponseStatus, slug: String, title: String, detail: String,
                        version: HTTPVersion) {
        refused = true
        let requestId = RequestScope.newRequestId()
        let body = Problem.standalone(status: Int(status.code), slug: slug, title: title, detail: detail, requestId: requestId)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "X-Request-Id", value: requestId)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version.isHTTP11OrLater ? .http1_1 : version, status: status, headers: headers))),
                      promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

extension HTTPVersion {
    /// HTTP/1.1 or later: `Host` is required, `Expect` understood, keep-alive the default.
    fileprivate var isHTTP11OrLater: Bool { major > 1 || (major == 1 && minor >= 1) }
}
