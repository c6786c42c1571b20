import Foundation

/// The kinds of file the roadmap keeps: PDF and the office formats staff use (Microsoft
/// Office and OpenDocument). The kind is read from the bytes, never from the file's name or
/// the type the client declared: a PDF renamed `.docx` is a PDF, a text file renamed `.pdf`
/// is refused.
///
/// Legacy binary Office files (`.doc`, `.xls`, `.ppt`) are not accepted: their three kinds
/// share one container that only a full parser tells apart, and every office suite of the
/// partners saves the formats below.
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    case pdf
    case docx
    case xlsx
    case pptx
    case odt
    case ods
    case odp

    /// The media type sent as `Content-Type` on download.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        }
    }

    /// The format with this media type.
    public init?(mediaType: String) {
        guard let format = Self.allCases.first(where: { $0.mediaType == mediaType }) else { return nil }
        self = format
    }

    /// What a refused upload is told it may send.
    static let accepted = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp)"

    /// The format of `bytes`, from their content; nil when it is none of the accepted ones.
    public static func detect(_ bytes: Data) -> DocumentFormat? {
        let bytes = [UInt8](bytes)
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), let archive = ZipDirectory(bytes) else { return nil }
        // OpenDocument: a first, uncompressed entry `mimetype` holding the media type.
        if let mimetype = archive.storedContent(of: "mimetype"),
            let format = DocumentFormat(mediaType: String(decoding: mimetype, as: UTF8.self)),
            [.odt, .ods, .odp].contains(format)
        {
            return format
        }
        // Office Open XML: a content-types part and the main part of one application.
        guard archive.names.contains("[Content_Types].xml") else { return nil }
        if archive.names.contains("word/document.xml") { return .docx }
        if archive.names.contains("xl/workbook.xml") { return .xlsx }
        if archive.names.contains("ppt/presentation.xml") { return .pptx }
        return nil
    }
}

/// The entry names of a ZIP archive, read from its central directory (which, unlike the
/// local headers, always holds every entry's name and offset), and the content of an entry
/// stored without compression.
struct ZipDirectory {
    private let bytes: [UInt8]
    private(set) var names: Set<String> = []
    private var localHeaderOffsets: [String: Int] = [:]

    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        // The end-of-central-directory record: 22 bytes, then a comment of up to 65 535.
        let minimumStart = max(0, bytes.count - 22 - 65_535)
        var end = bytes.count - 22
        while end >= minimumStart, !(end >= 0 && Self.uint32(bytes, end) == 0x0605_4B50) { end -= 1 }
        guard end >= minimumStart, end >= 0 else { return nil }
        let count = Int(Self.uint16(bytes, end + 10))
        var offset = Int(Self.uint32(bytes, end + 16))
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, Self.uint32(bytes, offset) == 0x0201_4B50 else { return nil }
            let nameLength = Int(Self.uint16(bytes, offset + 28))
            let extraLength = Int(Self.uint16(bytes, offset + 30))
            let commentLength = Int(Self.uint16(bytes, offset + 32))
            guard offset + 46 + nameLength <= bytes.count else { return nil }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            names.insert(name)
            localHeaderOffsets[name] = Int(Self.uint32(bytes, offset + 42))
            offset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The bytes of entry `name` when it is stored uncompressed; nil otherwise.
    func storedContent(of name: String) -> ArraySlice<UInt8>? {
        guard let offset = localHeaderOffsets[name], offset + 30 <= bytes.count,
            Self.uint32(bytes, offset) == 0x0403_4B50, Self.uint16(bytes, offset + 8) == 0
        else { return nil }
        let size = Int(Self.uint32(bytes, offset + 18))
        let start = offset + 30 + Int(Self.uint16(bytes, offset + 26)) + Int(Self.uint16(bytes, offset + 28))
        guard size <= 200, start + size <= bytes.count else { return nil }
        return bytes[start..<(start + size)]
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }
}
