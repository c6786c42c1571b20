import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `fne-api healthcheck`: exits 0 when `GET /health` on the local server answers 200. For
/// container health checks, so that the runtime image needs no HTTP client of its own.
struct HealthCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck", abstract: "Exit 0 when the local server's /health answers 200.")

    @Option(name: .long, help: "Port of the local server (env FNE_PORT, default 8080).")
    var port: Int?

    func run() throws {
        let port = port ?? Int(ProcessInfo.processInfo.environment["FNE_PORT"] ?? "") ?? 8080
        let status = try Self.status(port: UInt16(clamping: port))
        guard status == 200 else { throw ExitCode(1) }
    }

    /// The status code of `GET /health` on 127.0.0.1, over a plain socket (2 s timeout).
    static func status(port: UInt16) throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw ExitCode(1) }
        defer { close(socketDescriptor) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ExitCode(1) }
        let request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(socketDescriptor, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(socketDescriptor, &buffer, buffer.count, 0)
        guard count > 12 else { throw ExitCode(1) }
        // "HTTP/1.1 200 OK": the status is the second word.
        let line = String(decoding: buffer[0..<count], as: UTF8.self)
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    }
}
