import Foundation

/// What a file download needs beyond its bytes: which part `Range` asks for (RFC 9110 §14),
/// and a `Content-Disposition` that keeps the file's name (RFC 6266, RFC 8187).
enum FileDownload {
    /// What to send for a `Range` header on a file of `size` bytes.
    enum RangeAnswer: Equatable {
        /// The whole file (no `Range`, several ranges, or a value that is not a byte range).
        case whole
        /// Bytes `lower...upper` of the file (206).
        case part(ClosedRange<Int>)
        /// The range starts after the file's end (416).
        case unsatisfiable
    }

    /// Reads a `Range` header. One range is served; several, or a header that is not a byte
    /// range, get the whole file, as RFC 9110 lets a server do.
    static func range(_ header: String?, size: Int) -> RangeAnswer {
        guard let header else { return .whole }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        let digits = { (text: String) in !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) }
        if first.isEmpty {
            // The last `last` bytes.
            guard digits(last), let count = Int(last) else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .part(max(0, size - count)...(size - 1))
        }
        guard digits(first), let start = Int(first) else { return .whole }
        var end = size - 1
        if !last.isEmpty {
            guard digits(last), let value = Int(last) else { return .whole }
            guard value >= start else { return .whole }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .part(start...end)
    }

    /// `attachment; filename="…"; filename*=UTF-8''…`: the ASCII fallback drops accents and
    /// replaces what a quoted string cannot hold; `filename*` carries the name as uploaded.
    static func contentDisposition(fileName: String) -> String {
        let folded = fileName.applyingTransform(.stripDiacritics, reverse: false) ?? fileName
        let fallback = String(
            String.UnicodeScalarView(
                folded.unicodeScalars.map { scalar in
                    scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\"
                        ? scalar : "_"
                }))
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(percentEncoded(fileName))"
    }

    /// RFC 8187's `attr-char` kept, every other byte of the UTF-8 name percent-encoded.
    private static func percentEncoded(_ text: String) -> String {
        let kept = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        return text.utf8.map { kept.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
            .joined()
    }
}
