import Foundation

/// The comparison form of a text: what uniqueness checks and text search compare, so that
/// « GERS NUMERIQUE », « Gers Numérique » and « gers  numérique » are the same name.
/// The text itself is always stored and returned as sent; only this key is normalised.
public enum TextKey {
    /// Lowercased, without diacritics, ligatures spelled out, typographic apostrophes and
    /// dashes made plain, runs of white space collapsed, trimmed.
    public static func fold(_ text: String) -> String {
        var visible = text
        visible.unicodeScalars.removeAll(where: isInvisible)
        var folded = visible.folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
        )
        .lowercased()
        for (from, to) in replacements {
            folded = folded.replacingOccurrences(of: from, with: to)
        }
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Characters that change no glyph a reader sees, so two names differing only by them look
    /// identical: Unicode format characters (zero-width space and joiners, byte-order mark, soft
    /// hyphen, bidirectional overrides and isolates…) and the few letters and marks that render
    /// as nothing (combining grapheme joiner, Hangul fillers). One-line texts (names, titles,
    /// labels) refuse them (``Validator``); folding drops them, so no key ever differs by one.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.properties.generalCategory == .format && !visibleFormats.contains(scalar.value))
            || invisibleOthers.contains(scalar.value)
    }

    /// Format characters that do show a glyph (the Arabic number signs and their kin, which
    /// prefix a number).
    private static let visibleFormats: Set<UInt32> = [
        0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD,
    ]

    private static let invisibleOthers: Set<UInt32> = [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800]

    private static let replacements: [(String, String)] = [
        ("œ", "oe"), ("æ", "ae"), ("ß", "ss"),
        ("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{02BC}", "'"),
        ("\u{2010}", "-"), ("\u{2011}", "-"), ("\u{2013}", "-"), ("\u{2014}", "-"),
    ]
}
