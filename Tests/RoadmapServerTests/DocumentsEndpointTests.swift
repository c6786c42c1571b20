import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import RoadmapServer
import Testing

@testable import RoadmapAPI

/// A `multipart/form-data` body as browsers and curl send it.
struct FormBody {
    static let boundary = "----fne-api-test-boundary"
    var parts: [(name: String, fileName: String?, bytes: Data)] = []

    static var headers: HTTPFields { [.contentType: "multipart/form-data; boundary=\(boundary)"] }

    func file(_ bytes: Data, named fileName: String, field: String = "file") -> FormBody {
        var copy = self
        copy.parts.append((field, fileName, bytes))
        return copy
    }

    func field(_ name: String, _ value: String) -> FormBody {
        var copy = self
        copy.parts.append((name, nil, Data(value.utf8)))
        return copy
    }

    var data: Data {
        var data = Data()
        for part in parts {
            var head = "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName {
                head += "; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream"
            }
            data += Data((head + "\r\n\r\n").utf8) + part.bytes + Data("\r\n".utf8)
        }
        return data + Data("--\(Self.boundary)--\r\n".utf8)
    }

    var buffer: ByteBuffer { ByteBuffer(data: data) }
}

@Suite("Documents endpoints: uploads, versions, downloads")
struct DocumentsEndpointTests {
    static let signed = Data("%PDF-1.7\n% Feuille de route FNE Gers, signée le 24 janvier 2025\n%%EOF\n".utf8)
    static let resigned = Data("%PDF-1.7\n% Feuille de route FNE Gers, version corrigée\n%%EOF\n".utf8)
    static let fileName = "Feuille de route signée.pdf"

    /// Uploads the signed roadmap; returns the document.
    private func uploadSigned(
        _ client: APIClient, visibility: String? = nil
    ) async throws -> Components.Schemas.Document {
        var form = FormBody().file(Self.signed, named: Self.fileName)
        if let visibility { form = form.field("visibility", visibility) }
        return try await client.execute(
            uri: "/documents", method: .post, headers: FormBody.headers, body: form.buffer
        ) { response in
            #expect(response.status == .created)
            return try response.decoded(Components.Schemas.Document.self)
        }
    }

    private func documentCount(_ services: RoadmapServices) async throws -> Int {
        try await services.documents.documents(DocumentQuery(page: try PageRequest()), for: .tokenHolder).items.count
    }

    @Test("upload the signed roadmap, replace it, download both versions byte-identical with their headers")
    func uploadReplaceDownload() async throws {
        try await withApp { client, _ in
            // setup
            let document = try await uploadSigned(client)
            // MUT
            let replaced = try await client.execute(
                uri: "/documents/\(document.id)/versions", method: .post, headers: FormBody.headers,
                body: FormBody().file(Self.resigned, named: Self.fileName).buffer
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/documents/\(document.id)/versions/2/content")
                return try response.decoded(Components.Schemas.Document.self)
            }
            // validate
            #expect(document.mediaType == "application/pdf" && document.attachedTo == .roadmap)
            #expect(document.size == Int64(Self.signed.count))
            #expect(replaced.version == 2 && replaced.sha256 != document.sha256)
            for (uri, bytes, tag) in [
                ("/documents/\(document.id)/versions/1/content", Self.signed, document.sha256),
                ("/documents/\(document.id)/content", Self.resigned, replaced.sha256),
            ] {
                try await client.anonymous.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(Data(response.body.readableBytesView) == bytes)
                    #expect(response.headers[.contentType] == "application/pdf")
                    #expect(response.headers[.eTag] == "\"\(tag)\"")
                    #expect(response.headers[.acceptRanges] == "bytes")
                    #expect(
                        response.headers[.contentDisposition]
                            == "attachment; filename=\"Feuille de route signee.pdf\"; filename*=UTF-8''Feuille%20de%20route%20sign%C3%A9e.pdf"
                    )
                }
            }
            try await client.anonymous.execute(uri: "/documents/\(document.id)/versions", method: .get) { response in
                let versions = try response.decoded(Components.Schemas.DocumentVersionList.self).items
                #expect(versions.map(\.version) == [1, 2])
                #expect(versions.map(\.fileName) == [Self.fileName, Self.fileName])
            }
        }
    }

    @Test("Range: a part (206), the last bytes, past the end (416), If-Range of another file, If-None-Match (304)")
    func ranges() async throws {
        try await withApp { client, _ in
            let document = try await uploadSigned(client)
            let uri = "/documents/\(document.id)/content"
            let size = Self.signed.count
            try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=0-7"]) { response in
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentRange] == "bytes 0-7/\(size)")
                #expect(Data(response.body.readableBytesView) == Self.signed.prefix(8))
            }
            try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=-6"]) { response in
                #expect(response.status == .partialContent)
                #expect(Data(response.body.readableBytesView) == Self.signed.suffix(6))
            }
            try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=\(size)-"]) { response in
                response.expectProblem(.rangeNotSatisfiable)
                #expect(response.headers[.contentRange] == "bytes */\(size)")
            }
            try await client.execute(
                uri: uri, method: .get, headers: [.range: "bytes=0-7", .ifRange: "\"another file\""]
            ) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == Self.signed)
            }
            try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"\(document.sha256)\""]) {
                #expect($0.status == .notModified)
            }
        }
    }

    @Test("a file over the limit is a 413, whether the form or the file is too large; nothing is stored")
    func sizeLimit() async throws {
        try await withApp(documentMaximumBytes: 64) { client, services in
            let overFile = Data("%PDF-1.7\n".utf8) + Data(repeating: 0x41, count: 100)
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(overFile, named: "gros.pdf").buffer
            ) { response in
                response.expectProblem(.contentTooLarge)
                #expect(response.problemFields == ["file"])
            }
            // Beyond the form's own limit (the file's plus 1 MiB), refused before it is read.
            let overBody = Data("%PDF-1.7\n".utf8) + Data(repeating: 0x41, count: 1 << 21)
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(overBody, named: "énorme.pdf").buffer
            ) { $0.expectProblem(.contentTooLarge) }
            #expect(try await documentCount(services) == 0)
        }
    }

    @Test("bad uploads are 4xx problems naming the field: wrong type, truncated form, no file, unknown field")
    func badUploads() async throws {
        try await withApp { client, services in
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(Data("Bonjour".utf8), named: "faux.pdf").buffer
            ) { response in
                response.expectProblem(.unsupportedMediaType)
                #expect(response.problemFields == ["file"])
            }
            let whole = FormBody().file(Self.signed, named: "a.pdf").data
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: ByteBuffer(data: whole.prefix(whole.count - 30))
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["body"])
            }
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().field("title", "Sans fichier").buffer
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["file"])
            }
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(Self.signed, named: "a.pdf").field("couleur", "bleu").buffer
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["couleur"])
            }
            try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(Self.signed, named: "a.pdf").field("actionId", "un").buffer
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["actionId"])
            }
            #expect(try await documentCount(services) == 0)
        }
    }

    @Test("restricted documents: absent without a token, read with any token; uploads need the editor role")
    func access() async throws {
        try await withApp { client, services in
            let open = try await uploadSigned(client)
            let restricted = try await uploadSigned(client, visibility: "restricted")
            let reader = try await services.tokens.create(name: "lecteur", role: .reader, by: .commandLine)
            // A token holder's read first: the read cache must not hand it to anonymous callers.
            try await client.with(token: reader.secret).execute(uri: "/documents", method: .get) { response in
                let ids = try response.decoded(Components.Schemas.DocumentPage.self).items.map(\.id)
                #expect(ids == [open.id, restricted.id])
            }
            try await client.anonymous.execute(uri: "/documents", method: .get) { response in
                let ids = try response.decoded(Components.Schemas.DocumentPage.self).items.map(\.id)
                #expect(ids == [open.id])
            }
            for path in ["", "/content", "/versions", "/versions/1/content"] {
                try await client.anonymous.execute(uri: "/documents/\(restricted.id)\(path)", method: .get) {
                    $0.expectProblem(.notFound)
                }
                try await client.with(token: reader.secret).execute(
                    uri: "/documents/\(restricted.id)\(path)", method: .get
                ) { #expect($0.status == .ok) }
            }
            try await client.with(token: reader.secret).execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(Self.signed, named: "a.pdf").buffer
            ) { $0.expectProblem(.forbidden) }
        }
    }

    @Test(
        "an Office file is downloaded with its own type, or as raw bytes when that is all the client accepts; a merge patch restricts a document"
    )
    func officeTypeAndPatch() async throws {
        try await withApp { client, _ in
            let docx = Self.officeFile()
            let document = try await client.execute(
                uri: "/documents", method: .post, headers: FormBody.headers,
                body: FormBody().file(docx, named: "Relevé de décisions.docx").field("title", "Relevé du COPIL").buffer
            ) { try $0.decoded(Components.Schemas.Document.self) }
            try await client.anonymous.execute(uri: "/documents/\(document.id)/content", method: .get) { response in
                #expect(
                    response.headers[.contentType]
                        == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                #expect(Data(response.body.readableBytesView) == docx)
            }
            try await client.anonymous.execute(
                uri: "/documents/\(document.id)/content", method: .get, headers: [.accept: "application/octet-stream"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/octet-stream")
                #expect(Data(response.body.readableBytesView) == docx)
            }
            try await client.execute(
                uri: "/documents/\(document.id)", method: .patch, headers: jsonHeaders,
                body: json(#"{"visibility": "restricted"}"#)
            ) { response in
                let changed = try response.decoded(Components.Schemas.Document.self)
                #expect(changed.visibility == .restricted)
            }
            try await client.anonymous.execute(uri: "/documents/\(document.id)", method: .get) {
                $0.expectProblem(.notFound)
            }
        }
    }

    /// A minimal .docx: a ZIP whose directory names the Office Open XML parts of a text.
    static func officeFile() -> Data {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
        var body: [UInt8] = []
        var directory: [UInt8] = []
        for name in ["[Content_Types].xml", "word/document.xml"].map({ Array($0.utf8) }) {
            let offset = body.count
            body +=
                le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + le32(0)
                + le16(name.count) + le16(0) + name
            directory +=
                le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(0) + le32(0) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(offset) + name
        }
        let end =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(2) + le16(2) + le32(directory.count) + le32(body.count)
            + le16(0)
        return Data(body + directory + end)
    }
}

@Suite("Documents endpoints: retried uploads")
struct DocumentUploadRetryTests {
    @Test("an upload retried with its Idempotency-Key stores one document and answers the same")
    func idempotentUpload() async throws {
        try await withApp { client, services in
            var headers = FormBody.headers
            headers[HTTPField.Name("Idempotency-Key")!] = "upload-feuille-de-route-1"
            let body = FormBody().file(DocumentsEndpointTests.signed, named: DocumentsEndpointTests.fileName).buffer
            let first = try await client.execute(uri: "/documents", method: .post, headers: headers, body: body) {
                #expect($0.status == .created)
                return String(buffer: $0.body)
            }
            let second = try await client.execute(uri: "/documents", method: .post, headers: headers, body: body) {
                response in
                #expect(response.status == .created)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                return String(buffer: response.body)
            }
            #expect(first == second)
            let page = try await services.documents.documents(DocumentQuery(page: try PageRequest()), for: .tokenHolder)
            #expect(page.items.count == 1)
        }
    }
}
