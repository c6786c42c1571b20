import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

/// Documents: uploads (multipart/form-data), descriptions, versions and downloads.
extension API {
    /// Restricted documents exist for callers with a token, whatever its role.
    var documentReader: DocumentReader { RequestScope.current.role == nil ? .anonymous : .tokenHolder }

    func listDocuments(_ input: Operations.ListDocuments.Input) async throws -> Operations.ListDocuments.Output {
        let query = input.query
        let page = try await services.documents.documents(
            DocumentQuery(
                attachedTo: query.attachedTo.map { DocumentSubject.Kind(mirroring: $0) }, actionId: query.actionId,
                grantId: query.grantId, groupMeetingId: query.groupMeetingId,
                committeeMeetingId: query.committeeMeetingId,
                visibility: query.visibility.map { DocumentVisibility(mirroring: $0) },
                page: try PageRequest(limit: query.limit, cursor: query.cursor)),
            for: documentReader)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.Document.init), nextCursor: page.nextCursor))))
    }

    func createDocument(_ input: Operations.CreateDocument.Input) async throws -> Operations.CreateDocument.Output {
        let form =
            switch input.body {
            case .multipartForm(let form): form
            }
        var file: UploadedFile?
        var upload = DocumentInput(file: UploadedFile(name: "", bytes: Data()))
        try await UploadForm.reading {
            for try await part in form {
                switch part {
                case .file(let part): file = try await UploadForm.file(part.payload.body, name: part.filename)
                case .title(let part): upload.title = try await UploadForm.text(part.payload.body, field: "title")
                case .visibility(let part):
                    let text = try await UploadForm.text(part.payload.body, field: "visibility")
                    guard let visibility = DocumentVisibility(rawValue: text) else {
                        throw RoadmapError.invalid("visibility", "must be public or restricted, got '\(text)'")
                    }
                    upload.visibility = visibility
                case .actionId(let part):
                    upload.actionId = try await UploadForm.id(part.payload.body, field: "actionId")
                case .grantId(let part): upload.grantId = try await UploadForm.id(part.payload.body, field: "grantId")
                case .groupMeetingId(let part):
                    upload.groupMeetingId = try await UploadForm.id(part.payload.body, field: "groupMeetingId")
                case .committeeMeetingId(let part):
                    upload.committeeMeetingId = try await UploadForm.id(part.payload.body, field: "committeeMeetingId")
                }
            }
        }
        guard let file else { throw UploadForm.missingFile }
        upload.file = file
        let body = Components.Schemas.Document(try await services.documents.create(upload, by: caller))
        return .created(
            .init(headers: .init(location: "/documents/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func getDocument(_ input: Operations.GetDocument.Input) async throws -> Operations.GetDocument.Output {
        let body = Components.Schemas.Document(
            try await services.documents.document(id: input.path.id, for: documentReader))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateDocument(_ input: Operations.UpdateDocument.Input) async throws -> Operations.UpdateDocument.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let body = Components.Schemas.Document(
            try await services.documents.update(
                id: input.path.id, try DocumentPatch(patch), by: caller,
                ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Document($0) }))
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteDocument(_ input: Operations.DeleteDocument.Input) async throws -> Operations.DeleteDocument.Output {
        try await services.documents.delete(
            id: input.path.id, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Document($0) })
        return .noContent(.init())
    }

    func listDocumentVersions(
        _ input: Operations.ListDocumentVersions.Input
    ) async throws -> Operations.ListDocumentVersions.Output {
        let versions = try await services.documents.versions(id: input.path.id, for: documentReader)
        return .ok(.init(body: .json(.init(items: versions.map(Components.Schemas.DocumentVersion.init)))))
    }

    func createDocumentVersion(
        _ input: Operations.CreateDocumentVersion.Input
    ) async throws -> Operations.CreateDocumentVersion.Output {
        let form =
            switch input.body {
            case .multipartForm(let form): form
            }
        var file: UploadedFile?
        try await UploadForm.reading {
            for try await part in form {
                switch part {
                case .file(let part): file = try await UploadForm.file(part.payload.body, name: part.filename)
                }
            }
        }
        guard let file else { throw UploadForm.missingFile }
        let body = Components.Schemas.Document(
            try await services.documents.addVersion(
                id: input.path.id, file, by: caller,
                ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Document($0) }))
        return .created(
            .init(
                headers: .init(
                    location: "/documents/\(body.id)/versions/\(body.version)/content", eTag: ETag.of(body)),
                body: .json(body)))
    }

    func downloadDocument(_ input: Operations.DownloadDocument.Input) async throws -> Operations.DownloadDocument.Output
    {
        let file = try await services.documents.file(id: input.path.id, version: nil, for: documentReader)
        switch try DownloadAnswer(
            file, range: input.headers.range, ifRange: input.headers.ifRange, ifNoneMatch: input.headers.ifNoneMatch,
            rawBytesOnly: DownloadAnswer.acceptsOnlyRawBytes(input.headers.accept.map(\.contentType.rawValue)))
        {
        case .whole(let response): return .ok(response)
        case .part(let response): return .partialContent(response)
        case .notModified(let response): return .notModified(response)
        }
    }

    func downloadDocumentVersion(
        _ input: Operations.DownloadDocumentVersion.Input
    ) async throws -> Operations.DownloadDocumentVersion.Output {
        let file = try await services.documents.file(
            id: input.path.id, version: input.path.version, for: documentReader)
        switch try DownloadAnswer(
            file, range: input.headers.range, ifRange: input.headers.ifRange, ifNoneMatch: input.headers.ifNoneMatch,
            rawBytesOnly: DownloadAnswer.acceptsOnlyRawBytes(input.headers.accept.map(\.contentType.rawValue)))
        {
        case .whole(let response): return .ok(response)
        case .part(let response): return .partialContent(response)
        case .notModified(let response): return .notModified(response)
        }
    }
}

/// The answer to a download: the whole file, a part of it, or 304; a range outside the file
/// is thrown as a 416 problem.
enum DownloadAnswer {
    case whole(Components.Responses.DocumentContent)
    case part(Components.Responses.DocumentPartialContent)
    case notModified(Components.Responses.NotModified)

    /// Whether the client's `Accept` names `application/octet-stream` and nothing else: it
    /// then gets the bytes under that type (generic clients, such as one generated by
    /// openapi-python-client, read any file that way); otherwise the file's own type.
    static func acceptsOnlyRawBytes(_ accepted: [String]) -> Bool {
        !accepted.isEmpty && accepted.allSatisfy { $0.lowercased() == "application/octet-stream" }
    }

    init(_ file: DocumentFile, range: String?, ifRange: String?, ifNoneMatch: String?, rawBytesOnly: Bool) throws {
        // The bytes' digest: the same bytes are the same representation, whatever the version.
        let tag = "\"\(file.version.sha256)\""
        if try ETag.header(ifNoneMatch, weaklyMatches: tag) {
            self = .notModified(.init(headers: .init(eTag: tag)))
            return
        }
        let disposition = FileDownload.contentDisposition(fileName: file.version.fileName)
        let format = rawBytesOnly ? nil : DocumentFormat(mediaType: file.version.mediaType)
        let size = file.bytes.count
        // If-Range: the part only while the file is the one the client has part of (strong
        // comparison); otherwise the whole file.
        let answer =
            ifRange.map { ETag.header($0, matches: tag) } ?? true ? FileDownload.range(range, size: size) : .whole
        switch answer {
        case .whole:
            self = .whole(
                .init(
                    headers: .init(contentDisposition: disposition, eTag: tag, acceptRanges: "bytes"),
                    body: Self.wholeBody(format, HTTPBody(file.bytes))))
        case .part(let bytes):
            self = .part(
                .init(
                    headers: .init(
                        contentRange: "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(size)",
                        contentDisposition: disposition, eTag: tag, acceptRanges: "bytes"),
                    body: Self.partBody(format, HTTPBody(file.bytes[bytes]))))
        case .unsatisfiable:
            var problem = Problem(
                status: .rangeNotSatisfiable, slug: "range-not-satisfiable", title: "Range not satisfiable",
                detail: "The range asked for starts beyond the file's \(size) bytes.",
                errors: [FieldError(field: "Range", message: "must start within the file's \(size) bytes")])
            problem.headers[.contentRange] = "bytes */\(size)"
            throw problem
        }
    }

    private static func wholeBody(
        _ format: DocumentFormat?, _ body: HTTPBody
    ) -> Components.Responses.DocumentContent.Body {
        switch format {
        case nil: .binary(body)
        case .pdf: .pdf(body)
        case .docx: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(body)
        case .xlsx: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body)
        case .pptx: .applicationVnd_openxmlformatsOfficedocument_presentationml_presentation(body)
        case .odt: .applicationVnd_oasis_opendocument_text(body)
        case .ods: .applicationVnd_oasis_opendocument_spreadsheet(body)
        case .odp: .applicationVnd_oasis_opendocument_presentation(body)
        }
    }

    private static func partBody(
        _ format: DocumentFormat?, _ body: HTTPBody
    ) -> Components.Responses.DocumentPartialContent.Body {
        switch format {
        case nil: .binary(body)
        case .pdf: .pdf(body)
        case .docx: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(body)
        case .xlsx: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body)
        case .pptx: .applicationVnd_openxmlformatsOfficedocument_presentationml_presentation(body)
        case .odt: .applicationVnd_oasis_opendocument_text(body)
        case .ods: .applicationVnd_oasis_opendocument_spreadsheet(body)
        case .odp: .applicationVnd_oasis_opendocument_presentation(body)
        }
    }
}

/// Reading the parts of an upload form (`multipart/form-data`): the text fields, the file,
/// and the errors of a body that is not a well-formed form, which surface while its parts are
/// read (a truncated body, a missing boundary) and become a 400 naming the body.
enum UploadForm {
    /// The text fields are short: a title, an id, a word.
    static let textLimit = 4096

    static let missingFile = RoadmapError.invalid(
        "file", "is required: send the file as a form part named file (curl -F file=@path/to/file.pdf)")

    /// Runs `read`, turning a malformed form into a 400.
    static func reading(_ read: () async throws -> Void) async throws {
        do {
            try await read()
        } catch let error as RoadmapError {
            throw error
        } catch let error as Problem {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw fieldError(in: "\(error)")
                ?? Problem.malformed(
                    "The multipart/form-data body could not be read (truncated, or not a form): \(error)", field: "body"
                )
        }
    }

    /// The form's own rules, which the runtime checks while the parts are read (a required
    /// part missing, a part the form does not have), as errors naming the field. The runtime
    /// reports them only as text: these are its words.
    static func fieldError(in description: String) -> RoadmapError? {
        if let range = description.range(of: "Missing required parts: ") {
            let names = description[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            return .invalid(
                names.split(separator: ",").map {
                    FieldError(
                        field: $0.trimmingCharacters(in: .whitespaces),
                        message: "is required: send it as a form part (curl -F file=@path/to/file.pdf)")
                })
        }
        if let range = description.range(of: "Received an unknown part '"),
            let end = description[range.upperBound...].firstIndex(of: "'")
        {
            return .invalid(
                String(description[range.upperBound..<end]), "is not a field of this form; see the operation's schema")
        }
        return nil
    }

    static func text(_ body: HTTPBody, field: String) async throws -> String {
        // The whole body is in memory already (JSONBodyMiddleware read it within its limit).
        let bytes = try await Data(collecting: body, upTo: .max)
        guard bytes.count <= textLimit else { throw RoadmapError.invalid(field, "must be at most \(textLimit) bytes") }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw RoadmapError.invalid(field, "must be UTF-8 text")
        }
        return text
    }

    static func id(_ body: HTTPBody, field: String) async throws -> Int64 {
        let text = try await text(body, field: field).trimmingCharacters(in: .whitespaces)
        guard let id = Int64(text), id >= 1 else {
            throw RoadmapError.invalid(field, "must be an id: a whole number from 1, got '\(text.prefix(40))'")
        }
        return id
    }

    /// The file part: its bytes (the domain checks the size and names the limit; the body
    /// limit of `JSONBodyMiddleware` already bounds them) and the name it was sent with.
    static func file(_ body: HTTPBody, name: String?) async throws -> UploadedFile {
        guard let name, !name.isEmpty else {
            throw RoadmapError.invalid(
                "file", "must be sent as a file, with its name (curl -F file=@path/to/file.pdf)")
        }
        return UploadedFile(name: name, bytes: try await Data(collecting: body, upTo: .max))
    }
}
