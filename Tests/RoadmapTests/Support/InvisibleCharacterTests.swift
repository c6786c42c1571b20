import Foundation
import Testing

@testable import Roadmap

/// Names and titles that look identical are the same name: invisible formatting characters are
/// refused in one-line texts, and dropped from every comparison key.
@Suite("Invisible characters")
struct InvisibleCharacterTests {
    static let invisibles: [(String, Unicode.Scalar)] = [
        ("zero-width space", "\u{200B}"), ("zero-width non-joiner", "\u{200C}"), ("zero-width joiner", "\u{200D}"),
        ("word joiner", "\u{2060}"), ("byte-order mark", "\u{FEFF}"), ("soft hyphen", "\u{00AD}"),
        ("right-to-left override", "\u{202E}"), ("left-to-right mark", "\u{200E}"),
        ("right-to-left isolate", "\u{2067}"),
        ("combining grapheme joiner", "\u{034F}"), ("Hangul filler", "\u{3164}"),
        ("Mongolian vowel separator", "\u{180E}"),
    ]

    @Test("a partner name with an invisible character is refused, naming the character", arguments: invisibles)
    func partnerNames(name: String, scalar: Unicode.Scalar) async throws {
        let services = try makeServices()
        for text in ["Gers Num\(scalar)érique", "\(scalar)Gers Numérique", "Gers Numérique\(scalar)"] {
            let error = await roadmapError {
                _ = try await services.partners.create(PartnerInput(name: text, kind: .gip), by: .anonymous)
            }
            guard case .invalid(let fields) = error else {
                Issue.record("\(name) accepted in « \(text) »")
                continue
            }
            #expect(fields.map(\.field) == ["name"])
            #expect(fields.first?.message.contains("U+") == true)
        }
    }

    @Test("group names and action titles refuse them too")
    func otherUniqueTexts() async throws {
        let services = try makeServices()
        let group = await roadmapError {
            var patch = GroupPatch()
            patch.name = .set("Groupe\u{200B} 1")
            _ = try await services.groups.update(id: 1, patch, by: .anonymous)
        }
        #expect(group.map { if case .invalid = $0 { true } else { false } } == true)
        let action = await roadmapError {
            _ = try await services.actions.create(
                ActionInput(axisId: 1, title: "Médiation\u{FEFF} numérique"), by: .anonymous)
        }
        #expect(action.map { if case .invalid = $0 { true } else { false } } == true)
    }

    @Test("folding drops them, so no comparison key differs by one", arguments: invisibles)
    func folding(name: String, scalar: Unicode.Scalar) {
        #expect(TextKey.fold("Gers Num\(scalar)érique") == TextKey.fold("Gers Numérique"), "\(name)")
    }

    @Test(
        "line and paragraph separators are line breaks: refused in one-line texts", arguments: ["\u{2028}", "\u{2029}"])
    func separators(separator: String) async throws {
        let services = try makeServices()
        let error = await roadmapError {
            _ = try await services.partners.create(
                PartnerInput(name: "Ligne\(separator)Deux", kind: .gip), by: .anonymous)
        }
        #expect(error.map { if case .invalid = $0 { true } else { false } } == true)
    }

    @Test("format characters that show a glyph (Arabic number sign) are not invisible")
    func visibleFormats() {
        #expect(!TextKey.isInvisible("\u{0600}"))
        #expect(TextKey.isInvisible("\u{200B}"))
    }

    @Test("visible letters, accents and emoji joined in descriptions still pass")
    func visibleTextPasses() async throws {
        let services = try makeServices()
        let created = try await services.partners.create(
            PartnerInput(
                name: "Œuvre d’insertion « Numérique pour tous »", kind: .association,
                notes: "Famille 👨\u{200D}👩\u{200D}👧 accueillie"),
            by: .anonymous)
        #expect(created.partner.name == "Œuvre d’insertion « Numérique pour tous »")
    }
}
