import Foundation
import NIOCore
import NIOHTTP1

/// What RFC 9110/9112 ask of a server that the HTTP/1 stack under Hummingbird leaves out. Sits
/// right after NIO's HTTP/1 decoder, where the request's version and raw header lines are still
/// visible:
/// - a request with two `Host` fields, or an HTTP/1.1 request without one, is a 400 (RFC 9112
///   §3.2);
/// - `Expect: 100-continue` is answered `100 Continue` as soon as the request's turn comes,
///   so that a client waiting to send its body does not wait for nothing (RFC 9110 §10.1.1);
///   another expectation is a 417;
/// - an HTTP/1.0 request without `Connection: keep-alive` (or any request with
///   `Connection: close`) gets `Connection: close`, and the connection is closed after its
///   response (RFC 9112 §9.3); an HTTP/1.0 request with keep-alive gets `keep-alive` back;
/// - a request the HTTP parser refuses between requests (a malformed request line, a header
///   over the limit) gets the same problem+json as every other error, then the connection is
///   closed. A parse error inside a request's body goes on to the handler reading that body,
///   whose error answer (400, or 499 when the client hung up) is the one sent.
///
/// Requests may be pipelined (Hummingbird reads the next head while answering the previous
/// request), so what this handler writes itself waits for the responses before it: each
/// request keeps its own close decision, and a refusal or a `100 Continue` is written when
/// the responses ahead of it have ended.
///
/// It also tells ``RequestHeadDeadlineHandler`` when a request head is complete and when the
/// request (its body included) has been received.
final class HTTP1ConformanceHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request passed on to the application whose response has not ended yet.
    private struct Pending {
        var closeAfter: Bool
        var keepAliveHeader: Bool
        /// Its `100 Continue`, written when the responses ahead of it have ended.
        var owedContinue: HTTPVersion?
    }

    /// A problem this handler answers itself, then closes.
    private struct Refusal {
        var status: HTTPResponseStatus
        var slug: String
        var title: String
        var detail: String
        var version: HTTPVersion
    }

    /// In order: the front one is the request whose response is being written.
    private var pending: [Pending] = []
    /// Written once every pending response has ended; nothing more is read meanwhile.
    private var refusal: Refusal?
    /// The body of the last request passed on is still arriving.
    private var bodyOpen = false
    /// The parser failed inside a request: its response is the last one, then the connection closes.
    private var parseFailed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refusal != nil { return }
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            context.triggerUserOutboundEvent(RequestHeadDeadlineHandler.Event.headReceived, promise: nil)
            received(head, context: context)
        case .body:
            context.fireChannelRead(data)
        case .end:
            bodyOpen = false
            context.triggerUserOutboundEvent(RequestHeadDeadlineHandler.Event.requestReceived, promise: nil)
            context.fireChannelRead(data)
        }
    }

    private func received(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        var head = head
        let hosts = head.headers["Host"].count
        if hosts > 1 || (hosts == 0 && head.version.isHTTP11OrLater) {
            refuse(
                Refusal(
                    status: .badRequest, slug: "malformed-request", title: "Malformed request",
                    detail: hosts > 1
                        ? "The request has more than one Host header." : "An HTTP/1.1 request needs a Host header.",
                    version: head.version), context: context)
            return
        }
        var request = Pending(
            closeAfter: !head.isKeepAlive, keepAliveHeader: !head.version.isHTTP11OrLater && head.isKeepAlive)
        let expectations = head.headers["Expect"].map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        if !expectations.isEmpty {
            guard expectations.allSatisfy({ $0 == "100-continue" }) else {
                refuse(
                    Refusal(
                        status: .expectationFailed, slug: "expectation-failed", title: "Expectation failed",
                        detail: "The only expectation this server meets is Expect: 100-continue.", version: head.version
                    ),
                    context: context)
                return
            }
            if head.version.isHTTP11OrLater {
                if pending.isEmpty {
                    writeContinue(version: head.version, context: context)
                } else {
                    request.owedContinue = head.version
                }
            }
        }
        if request.closeAfter {
            // Hummingbird ends its request loop on this header.
            head.headers.replaceOrAdd(name: "Connection", value: "close")
        }
        pending.append(request)
        bodyOpen = true
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let current = pending.first else {
            // Not an answer to any request passed on: after a parse error inside a request,
            // Hummingbird writes a bare 400 of its own. The answer was already given: close.
            promise?.succeed()
            context.close(promise: nil)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            if current.closeAfter || parseFailed {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
            } else if current.keepAliveHeader {
                head.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
            }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            pending.removeFirst()
            let closes = current.closeAfter || (parseFailed && pending.isEmpty)
            if closes {
                let written = promise ?? context.eventLoop.makePromise()
                context.writeAndFlush(data, promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            }
            context.write(data, promise: promise)
            if let next = pending.first, let version = next.owedContinue {
                pending[0].owedContinue = nil
                writeContinue(version: version, context: context)
            }
            if pending.isEmpty, let refusal {
                write(refusal, context: context)
            }
        default:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError, refusal == nil else {
            context.fireErrorCaught(error)
            return
        }
        if bodyOpen {
            // Inside a request's body: the handler reading it gets the error and answers it;
            // if it answered already, the connection just closes after that answer.
            parseFailed = true
            if pending.isEmpty { context.close(promise: nil) } else { context.fireErrorCaught(error) }
            return
        }
        let tooLarge = parseError == .headerOverflow
        refuse(
            Refusal(
                status: tooLarge ? .requestHeaderFieldsTooLarge : .badRequest,
                slug: tooLarge ? "header-too-large" : "malformed-request",
                title: tooLarge ? "Request header fields too large" : "Malformed request",
                detail: tooLarge
                    ? "The request line and headers exceed the server's limit (80 KB)."
                    : "The request is not valid HTTP/1.1 (\(parseError)).",
                version: .http1_1), context: context)
    }

    /// Answers a problem directly (no request reaches the application) once the responses
    /// ahead of it have ended, then closes.
    private func refuse(_ refusal: Refusal, context: ChannelHandlerContext) {
        self.refusal = refusal
        if pending.isEmpty { write(refusal, context: context) }
    }

    private func write(_ refusal: Refusal, context: ChannelHandlerContext) {
        let requestId = RequestScope.newRequestId()
        let body = Problem.standalone(
            status: Int(refusal.status.code), slug: refusal.slug, title: refusal.title,
            detail: refusal.detail, requestId: requestId)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "X-Request-Id", value: requestId)
        let version: HTTPVersion = refusal.version.isHTTP11OrLater ? .http1_1 : refusal.version
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: refusal.status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func writeContinue(version: HTTPVersion, context: ChannelHandlerContext) {
        context.writeAndFlush(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .continue))), promise: nil)
    }
}

extension HTTPVersion {
    /// HTTP/1.1 or later: `Host` is required, `Expect` understood, keep-alive the default.
    fileprivate var isHTTP11OrLater: Bool { major > 1 || (major == 1 && minor >= 1) }
}
