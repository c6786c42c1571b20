import Foundation
import OpenAPIRuntime
import Testing

@testable import RoadmapServer

/// Instants in answers are written by hand (issue 18); the text must be the runtime's own.
@Suite("Instants in answers")
struct InstantTranscoderTests {
    static let standard = ISO8601DateTranscoder.iso8601

    @Test(
        "the text is the runtime ISO 8601 transcoder's, at the edges of days, months, leap years and eras",
        arguments: [
            0, -1, 0.999, -0.001, 1_737_712_800, 1_737_712_800.5, 951_782_400, 951_868_799.999, 4_107_542_399,
            -62_135_596_800, -12_212_553_600, -12_212_553_601, 253_402_300_799.9, -2_208_988_800, 1_709_164_800,
            1_709_251_199,
        ])
    func edges(seconds: Double) throws {
        // setup
        let instant = Date(timeIntervalSince1970: seconds)
        // MUT, validate
        #expect(try InstantTranscoder().encode(instant) == Self.standard.encode(instant))
    }

    @Test("the text is the runtime's for 20 000 instants spread over years 1 to 9999, Julian ones included")
    func spread() throws {
        // setup: a fixed sequence (xorshift), so that a failure repeats
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let span = 253_402_300_800.0 + 62_135_596_800.0
        for _ in 0..<20_000 {
            let seconds = -62_135_596_800.0 + Double(next() % 1_000_000_007) / 1_000_000_007 * span
            let fraction = Double(next() % 1_000) / 1_000
            let instant = Date(timeIntervalSince1970: (seconds + fraction).rounded(.down) + fraction)
            // MUT, validate
            let written = try InstantTranscoder().encode(instant)
            let expected = try Self.standard.encode(instant)
            if written != expected {
                Issue.record("\(instant.timeIntervalSince1970): \(written) instead of \(expected)")
                return
            }
        }
    }

    @Test("instants outside years 1583–9999 and decoding are left to the runtime's transcoder")
    func outside() throws {
        // setup
        let far = Date(timeIntervalSince1970: 300_000_000_000)
        // MUT, validate
        #expect(try InstantTranscoder().encode(far) == Self.standard.encode(far))
        #expect(try InstantTranscoder().decode("2025-01-24T10:00:00Z") == Date(timeIntervalSince1970: 1_737_712_800))
    }
}
