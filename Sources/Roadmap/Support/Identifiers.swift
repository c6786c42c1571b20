/// Checks of French official identifiers and contact details.
public enum Identifiers {
    /// A SIRET: 14 digits whose Luhn checksum is valid. La Poste's establishments (SIREN
    /// 356 000 000) follow their own rule, the sum of the digits being a multiple of 5 (its head
    /// office, 356 000 000 00048, passes Luhn too).
    /// Returns nil when valid, else the reason.
    public static func siretProblem(_ siret: String) -> String? {
        guard siret.count == 14, siret.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "must be exactly 14 digits, without spaces"
        }
        let digits = siret.compactMap { $0.wholeNumberValue }
        if siret.hasPrefix("356000000"), digits.reduce(0, +) % 5 == 0 { return nil }
        var sum = 0
        for (index, digit) in digits.enumerated() {
            // From the left, every second digit (even positions from the right) is doubled.
            let doubled = index % 2 == 0 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0 ? nil : "has an invalid checksum (Luhn)"
    }

    /// An RNA number (Répertoire national des associations): `W` and 9 digits. Returns nil when
    /// valid, else the reason.
    public static func rnaProblem(_ rna: String) -> String? {
        rna.count == 10 && rna.hasPrefix("W") && rna.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
            ? nil : "must be W followed by 9 digits (W321000123)"
    }

    /// A reasonable syntactic check of an e-mail address (RFC 5321 lengths, one @, a dotted
    /// domain, no spaces or control characters). Returns nil when valid, else the reason.
    public static func emailProblem(_ email: String) -> String? {
        guard email.utf8.count <= 254 else { return "must be at most 254 characters" }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "must contain exactly one @" }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { return "must have 1 to 64 characters before the @" }
        guard
            !email.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control
            })
        else {
            return "must not contain spaces or control characters"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return "must look like name@example.fr" }
        return nil
    }
}
