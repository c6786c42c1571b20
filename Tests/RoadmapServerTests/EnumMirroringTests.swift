import Foundation
import Testing

@testable import RoadmapServer

/// The contract's enums and the domain's declare the same cases, so that bridging them by raw
/// value (``RawRepresentable/init(mirroring:)``) can never fail at run time.
@Suite("Enums mirrored between contract and domain")
struct EnumMirroringTests {
    @Test("each pair declares the same cases on both sides", arguments: MirroredEnums.pairs.map(\.name))
    func sameCases(name: String) throws {
        let pair = try #require(MirroredEnums.pairs.first { $0.name == name })
        #expect(
            Set(pair.contract) == Set(pair.domain),
            "only in the contract: \(Set(pair.contract).subtracting(pair.domain)); only in the domain: \(Set(pair.domain).subtracting(pair.contract))"
        )
    }

    @Test("no bridge in the sources force-unwraps a raw value (they go through init(mirroring:))")
    func noForcedBridges() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            ?? []
        let swiftFiles = files.filter { $0.pathExtension == "swift" }
        #expect(!swiftFiles.isEmpty)
        for file in swiftFiles {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("rawValue)!"), "\(file.lastPathComponent) bridges an enum with init(rawValue:)!")
        }
    }
}
