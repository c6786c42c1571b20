import Foundation
import GRDB

/// One version of a document: the file as uploaded, described. Versions are numbered from 1
/// per document and never change; the newest is the document's current one.
public struct DocumentVersion: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "documentVersion"

    public var id: Int64?
    public var documentId: Int64
    public var version: Int
    public var fileName: String
    public var mediaType: String
    public var size: Int64
    public var sha256: String
    public var uploadedAt: Date
    /// Who uploaded it: the token's name (as the change log's actor).
    public var uploadedBy: String

    public enum Columns {
        static let documentId = Column(CodingKeys.documentId)
        static let version = Column(CodingKeys.version)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// The bytes of a version, in a table of their own so that lists and descriptions never load
/// them.
struct DocumentBytes: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "documentBytes"

    var versionId: Int64
    var bytes: Data
}

/// A version with its bytes: what a download sends.
public struct DocumentFile: Sendable, Equatable {
    public var document: Document
    public var version: DocumentVersion
    public var bytes: Data
}
