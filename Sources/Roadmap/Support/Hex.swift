/// Lowercase hexadecimal text of bytes (digests, random ids). Written out by hand because
/// `String(format: "%02x")` per byte showed in profiles: it runs on every authenticated
/// request (the token's hash) and every ETag.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
