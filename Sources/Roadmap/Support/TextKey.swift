import Foundation

/// The comparison form of a text: what uniqueness checks and text search compare, so that
/// « GERS NUMERIQUE », « Gers Numérique » and « gers  numérique » are the same name.
/// The text itself is always stored and returned as sent; only this key is normalised.
public enum TextKey {
    /// Lowercased, without diacritics, ligatures spelled out, typographic apostrophes and
    /// dashes made plain, runs of white space collapsed, trimmed.
    public static func fold(_ text: String) -> String {
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        for (from, to) in replacements {
            folded = folded.replacingOccurrences(of: from, with: to)
        }
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static let replacements: [(String, String)] = [
        ("œ", "oe"), ("æ", "ae"), ("ß", "ss"),
        ("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{02BC}", "'"),
        ("\u{2010}", "-"), ("\u{2011}", "-"), ("\u{2013}", "-"), ("\u{2014}", "-"),
    ]
}
