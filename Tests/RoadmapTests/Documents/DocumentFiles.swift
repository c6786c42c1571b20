import Foundation

/// Files for the document tests, built byte by byte: a small PDF, and ZIP archives shaped as
/// Office Open XML and OpenDocument files (entries stored uncompressed; the format is read
/// from the archive's directory, so the entries' contents do not matter).
enum DocumentFiles {
    static func pdf(_ text: String = "Feuille de route") -> Data {
        Data("%PDF-1.7\n1 0 obj << /Title (\(text)) >> endobj\ntrailer << >>\n%%EOF\n".utf8)
    }

    static var docx: Data { zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]) }
    static var xlsx: Data { zip([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")]) }
    static var pptx: Data { zip([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")]) }
    static var odt: Data { openDocument("application/vnd.oasis.opendocument.text") }
    static var ods: Data { openDocument("application/vnd.oasis.opendocument.spreadsheet") }
    static var odp: Data { openDocument("application/vnd.oasis.opendocument.presentation") }

    static func openDocument(_ mediaType: String) -> Data {
        zip([("mimetype", mediaType), ("content.xml", "<office:document-content/>")])
    }

    /// A ZIP archive of stored entries: local headers, central directory, end record.
    static func zip(_ entries: [(name: String, content: String)]) -> Data {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let content = Array(entry.content.utf8)
            let offset = UInt32(archive.count)
            archive +=
                le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(UInt32(content.count)) + le32(UInt32(content.count)) + le16(UInt16(name.count)) + le16(0)
                + name + content
            directory +=
                le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(UInt32(content.count)) + le32(UInt32(content.count)) + le16(UInt16(name.count)) + le16(0)
                + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = UInt32(archive.count)
        archive += directory
        archive +=
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            + le32(UInt32(directory.count)) + le32(directoryOffset) + le16(0)
        return Data(archive)
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
