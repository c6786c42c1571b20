import Crypto
import Foundation
import GRDB

/// Documents attached to the roadmap, to meetings, actions and grant requests, with their
/// versions (issue 16).
///
/// - An upload is checked before anything is written: a file name, at most ``maximumBytes``
///   bytes (→ 413), not empty, of a kind read from its content (``DocumentFormat``, → 415).
/// - A new version of a document is a new file; the old versions are kept and served.
/// - A restricted document exists only for callers with a token (``DocumentReader``): for
///   others it is not listed and reading it is a 404, as for a document that does not exist.
/// - What a document is attached to is kept while the document is (409 on its deletion).
public struct DocumentService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock
    /// The largest file accepted, in bytes.
    public let maximumBytes: Int

    /// 25 MB (25 000 000 bytes), the default limit (`FNE_DOCUMENT_MAX_MB`).
    public static let defaultMaximumBytes = 25_000_000

    public init(database: AppDatabase, clock: RoadmapClock, maximumBytes: Int = defaultMaximumBytes) {
        self.database = database
        self.clock = clock
        self.maximumBytes = maximumBytes
    }

    /// The documents the reader may see, oldest first, filtered.
    public func documents(_ query: DocumentQuery, for reader: DocumentReader) async throws -> Page<Document> {
        var v = Validator()
        for (field, id) in [
            ("actionId", query.actionId), ("grantId", query.grantId), ("groupMeetingId", query.groupMeetingId),
            ("committeeMeetingId", query.committeeMeetingId),
        ] {
            if let id { v.atLeast(id, field, 1) }
        }
        try v.finish()
        return try await database.read { db in
            let alias = TableAlias<Document>()
            var request = Document.all().aliased(alias)
            if !reader.seesRestricted {
                request = request.filter(Document.Columns.visibility == DocumentVisibility.public.rawValue)
            }
            if let visibility = query.visibility {
                request = request.filter(Document.Columns.visibility == visibility.rawValue)
            }
            for (column, id) in [
                (Document.Columns.actionId, query.actionId), (Document.Columns.grantId, query.grantId),
                (Document.Columns.groupMeetingId, query.groupMeetingId),
                (Document.Columns.committeeMeetingId, query.committeeMeetingId),
            ] {
                if let id { request = request.filter(column == id) }
            }
            if let kind = query.attachedTo { request = request.filter(DocumentService.attached(to: kind)) }
            return try Keyset.fetch(db, request, id: alias[Column("id")], sort: .byId(alias), page: query.page) {
                ($0.id!.databaseValue, $0.id!)
            }
        }
    }

    /// The document with this id, if the reader may see it.
    public func document(id: Int64, for reader: DocumentReader) async throws -> Document {
        try await database.read { db in try DocumentService.document(db, id: id, for: reader) }
    }

    /// A document's versions, oldest first.
    public func versions(id: Int64, for reader: DocumentReader) async throws -> [DocumentVersion] {
        try await database.read { db in
            _ = try DocumentService.document(db, id: id, for: reader)
            return try DocumentVersion.filter(DocumentVersion.Columns.documentId == id)
                .order(DocumentVersion.Columns.version).fetchAll(db)
        }
    }

    /// A version of a document with its bytes: the current one when `version` is nil.
    public func file(id: Int64, version: Int?, for reader: DocumentReader) async throws -> DocumentFile {
        if let version {
            var v = Validator()
            v.atLeast(version, "version", 1)
            try v.finish()
        }
        return try await database.read { db in
            let document = try DocumentService.document(db, id: id, for: reader)
            let number = version ?? document.version
            guard
                let stored = try DocumentVersion.filter(
                    DocumentVersion.Columns.documentId == id && DocumentVersion.Columns.version == number
                ).fetchOne(db),
                let bytes = try DocumentBytes.fetchOne(db, key: stored.id!)
            else {
                throw RoadmapError.notFound(
                    entity: DocumentVersion.databaseTableName, id: "\(number) of document \(id)")
            }
            return DocumentFile(document: document, version: stored, bytes: bytes.bytes)
        }
    }

    /// Stores a new document and its first version.
    public func create(_ input: DocumentInput, by caller: Caller) async throws -> Document {
        let file = try described(input.file)
        let document = Document(
            title: input.title ?? file.defaultTitle, visibility: input.visibility, actionId: input.actionId,
            grantId: input.grantId, groupMeetingId: input.groupMeetingId,
            committeeMeetingId: input.committeeMeetingId, version: 1, fileName: file.name,
            mediaType: file.format.mediaType, size: file.size, sha256: file.sha256, createdAt: .unstamped,
            updatedAt: .unstamped)
        try document.validate()
        return try await database.write(by: caller, clock: clock) { [document] write in
            try DocumentService.checkSubjectExists(write.db, document)
            var document = document
            try write.insert(&document)
            try DocumentService.storeVersion(write, document: document, bytes: input.file.bytes)
            return document
        }
    }

    /// Stores a new version of a document: it becomes the current one; the others are kept.
    public func addVersion(
        id: Int64, _ upload: UploadedFile, by caller: Caller, ifMatch: Precondition<Document>? = nil
    ) async throws -> Document {
        let file = try described(upload)
        return try await database.write(by: caller, clock: clock) { write in
            let current = try Document.find(write.db, id: id)
            try ifMatch.verify(current)
            var document = current
            document.version = current.version + 1
            document.fileName = file.name
            document.mediaType = file.format.mediaType
            document.size = file.size
            document.sha256 = file.sha256
            // Always a change: the version number moves even when the same file comes again.
            try write.update(&document, from: current)
            try DocumentService.storeVersion(write, document: document, bytes: upload.bytes)
            return document
        }
    }

    /// Changes a document's title or visibility.
    public func update(
        id: Int64, _ patch: DocumentPatch, by caller: Caller, ifMatch: Precondition<Document>? = nil
    ) async throws -> Document {
        try await database.write(by: caller, clock: clock) { write in
            let current = try Document.find(write.db, id: id)
            var document = current
            patch.apply(to: &document)
            try document.validate()
            try ifMatch.verify(current)
            try write.update(&document, from: current)
            return document
        }
    }

    /// Deletes a document with all its versions.
    public func delete(id: Int64, by caller: Caller, ifMatch: Precondition<Document>? = nil) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let document = try Document.find(write.db, id: id)
            try ifMatch.verify(document)
            // Versions and their bytes go with the document (ON DELETE CASCADE).
            try write.delete(document)
        }
    }

    // MARK: Rules and queries

    /// An upload, checked and described: its name, size, kind (from its bytes) and SHA-256.
    struct DescribedFile {
        var name: String
        var size: Int64
        var format: DocumentFormat
        var sha256: String

        /// The name without its extension (`Feuille de route.pdf` → `Feuille de route`).
        var defaultTitle: String {
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
            return String(name[..<dot])
        }
    }

    func described(_ file: UploadedFile) throws -> DescribedFile {
        guard file.bytes.count <= maximumBytes else { throw RoadmapError.tooLarge(field: "file", limit: maximumBytes) }
        let name = file.baseName
        var v = Validator()
        v.line(name, "file", maxLength: 255)
        v.require(!file.bytes.isEmpty, "file", "must not be empty")
        try v.finish()
        guard let format = DocumentFormat.detect(file.bytes) else {
            throw RoadmapError.unsupportedContent(
                FieldError(
                    field: "file",
                    message:
                        "must be one of \(DocumentFormat.accepted), recognised by its content (whatever its name says)")
            )
        }
        return DescribedFile(
            name: name, size: Int64(file.bytes.count), format: format,
            sha256: Hex.string(SHA256.hash(data: file.bytes)))
    }

    private static func storeVersion(_ write: AuditedWrite, document: Document, bytes: Data) throws {
        var version = DocumentVersion(
            documentId: document.id!, version: document.version, fileName: document.fileName,
            mediaType: document.mediaType, size: document.size, sha256: document.sha256, uploadedAt: write.now,
            uploadedBy: write.caller.name)
        try version.insert(write.db)
        try DocumentBytes(versionId: version.id!, bytes: bytes).insert(write.db)
    }

    static func document(_ db: Database, id: Int64, for reader: DocumentReader) throws -> Document {
        guard let document = try Document.fetchOne(db, primaryKey: id),
            document.visibility == .public || reader.seesRestricted
        else { throw RoadmapError.notFound(Document.self, id: id) }
        return document
    }

    /// What the document is attached to exists (→ 422 naming the field).
    private static func checkSubjectExists(_ db: Database, _ document: Document) throws {
        let missing: (field: String, message: String)?
        switch document.subject {
        case .roadmap: missing = nil
        case .action(let id):
            missing = try Action.exists(db, primaryKey: id) ? nil : ("actionId", "no action has id \(id)")
        case .grant(let id):
            missing = try GrantRequest.exists(db, primaryKey: id) ? nil : ("grantId", "no grant request has id \(id)")
        case .groupMeeting(let id):
            missing =
                try GroupMeeting.exists(db, primaryKey: id)
                ? nil : ("groupMeetingId", "no working-group meeting has id \(id)")
        case .committeeMeeting(let id):
            missing =
                try CommitteeMeeting.exists(db, primaryKey: id)
                ? nil : ("committeeMeetingId", "no committee meeting has id \(id)")
        }
        if let missing { throw RoadmapError.unprocessable(missing.field, missing.message) }
    }

    private static func attached(to kind: DocumentSubject.Kind) -> SQLExpression {
        let columns = [
            Document.Columns.actionId, Document.Columns.grantId, Document.Columns.groupMeetingId,
            Document.Columns.committeeMeetingId,
        ]
        switch kind {
        case .roadmap: return columns.map { $0 == nil }.joined(operator: .and)
        case .action: return Document.Columns.actionId != nil
        case .grant: return Document.Columns.grantId != nil
        case .groupMeeting: return Document.Columns.groupMeetingId != nil
        case .committeeMeeting: return Document.Columns.committeeMeetingId != nil
        }
    }

    /// A 409 when documents are attached to `subject`, which is about to be deleted: the
    /// documents would lose what they belong to.
    static func checkNoneAttached(_ db: Database, to subject: DocumentSubject, _ what: String) throws {
        let column: Column
        let id: Int64
        switch subject {
        case .roadmap: return
        case .action(let subjectId): (column, id) = (Document.Columns.actionId, subjectId)
        case .grant(let subjectId): (column, id) = (Document.Columns.grantId, subjectId)
        case .groupMeeting(let subjectId): (column, id) = (Document.Columns.groupMeetingId, subjectId)
        case .committeeMeeting(let subjectId): (column, id) = (Document.Columns.committeeMeetingId, subjectId)
        }
        let documents = try Document.filter(column == id).order(Document.Columns.id).limit(20).fetchAll(db)
        guard documents.isEmpty else {
            throw RoadmapError.conflict(
                detail: "Documents are attached to \(what); delete them first (DELETE /documents/{id}).",
                references: documents.map { Reference(Document.self, id: $0.id!, label: $0.title) })
        }
    }
}
