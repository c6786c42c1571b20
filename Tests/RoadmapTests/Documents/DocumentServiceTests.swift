import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Documents: files, versions, visibility")
struct DocumentServiceTests {
    private func upload(
        _ services: RoadmapServices, _ bytes: Data = DocumentFiles.pdf(), name: String = "Feuille de route signée.pdf",
        visibility: DocumentVisibility = .public, actionId: Int64? = nil, committeeMeetingId: Int64? = nil
    ) async throws -> Document {
        try await services.documents.create(
            DocumentInput(
                file: UploadedFile(name: name, bytes: bytes), visibility: visibility, actionId: actionId,
                committeeMeetingId: committeeMeetingId), by: Caller(name: "script Gers Numérique"))
    }

    /// The SHA-256 of the fixture PDF, as `sha256sum` prints it (computed outside the code under test).
    static func sha256OfPDF(_ bytes: Data) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(bytes)
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(text.prefix(64))
    }

    private func count(_ services: RoadmapServices, _ table: String) async throws -> Int {
        try await services.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")! }
    }

    @Test("an upload keeps the bytes with their SHA-256, size, type from the content, and a title from the name")
    func firstVersion() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let bytes = DocumentFiles.pdf()
        // MUT
        let document = try await upload(services, bytes, name: "C:\\fakepath\\Feuille de route signée.pdf")
        let file = try await services.documents.file(id: document.id!, version: nil, for: .anonymous)
        // validate
        #expect(document.version == 1)
        #expect(document.fileName == "Feuille de route signée.pdf")
        #expect(document.title == "Feuille de route signée")
        #expect(document.mediaType == "application/pdf")
        #expect(document.size == Int64(bytes.count))
        #expect(document.sha256.count == 64 && document.sha256.allSatisfy(\.isHexDigit))
        #expect(document.sha256 == Self.sha256OfPDF(bytes))
        #expect(document.subject == .roadmap)
        #expect(file.bytes == bytes)
        #expect(file.version.uploadedBy == "script Gers Numérique")
    }

    @Test("a new version becomes the current one; the old ones are kept, listed and served byte for byte")
    func versions() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let first = DocumentFiles.pdf("version 1")
        let second = DocumentFiles.docx
        let document = try await upload(services, first)
        // MUT
        let replaced = try await services.documents.addVersion(
            id: document.id!, UploadedFile(name: "Feuille de route.docx", bytes: second), by: .anonymous)
        // validate
        #expect(replaced.version == 2)
        #expect(replaced.mediaType == DocumentFormat.docx.mediaType)
        #expect(replaced.title == document.title)
        let versions = try await services.documents.versions(id: document.id!, for: .anonymous)
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.map(\.fileName) == ["Feuille de route signée.pdf", "Feuille de route.docx"])
        #expect(try await services.documents.file(id: document.id!, version: 1, for: .anonymous).bytes == first)
        #expect(try await services.documents.file(id: document.id!, version: nil, for: .anonymous).bytes == second)
        let missing = await roadmapError {
            _ = try await services.documents.file(id: document.id!, version: 3, for: .anonymous)
        }
        #expect({ if case .notFound = missing { true } else { false } }())
    }

    @Test("the type comes from the content: a PDF named .docx is a PDF, a text named .pdf is refused")
    func typeFromContent() async throws {
        // setup
        let services = try makeServices(seed: .none)
        // MUT
        let pdf = try await upload(services, DocumentFiles.pdf(), name: "relevé.docx")
        let error = await roadmapError {
            _ = try await upload(services, Data("pas un PDF".utf8), name: "faux.pdf")
        }
        // validate
        #expect(pdf.mediaType == "application/pdf")
        guard case .unsupportedContent(let field)? = error else {
            Issue.record("expected unsupportedContent, got \(String(describing: error))")
            return
        }
        #expect(field.field == "file")
        #expect(try await count(services, "document") == 1)
    }

    @Test("a file over the limit, an empty file and a file without a name are refused; nothing is stored")
    func limits() async throws {
        // setup
        let services = try makeServices(seed: .none, documentMaximumBytes: 100)
        let big = DocumentFiles.pdf(String(repeating: "x", count: 200))
        // MUT
        let tooLarge = await roadmapError { _ = try await upload(services, big) }
        let empty = await roadmapError { _ = try await upload(services, Data()) }
        let nameless = await roadmapError { _ = try await upload(services, DocumentFiles.pdf(), name: "") }
        // validate
        #expect(tooLarge == .tooLarge(field: "file", limit: 100))
        #expect(empty?.fields == ["file"])
        #expect(nameless?.fields == ["file"])
        for table in ["document", "documentVersion", "documentBytes"] {
            #expect(try await count(services, table) == 0)
        }
    }

    @Test("a restricted document exists only for token holders: not listed, not read, not downloaded")
    func restricted() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let visible = try await upload(services)
        let hidden = try await upload(services, visibility: .restricted)
        let id = hidden.id!
        // MUT
        let anonymousList = try await services.documents.documents(
            DocumentQuery(page: try PageRequest()), for: .anonymous)
        let tokenList = try await services.documents.documents(
            DocumentQuery(page: try PageRequest()), for: .tokenHolder)
        let errors = [
            await roadmapError { _ = try await services.documents.document(id: id, for: .anonymous) },
            await roadmapError { _ = try await services.documents.versions(id: id, for: .anonymous) },
            await roadmapError { _ = try await services.documents.file(id: id, version: 1, for: .anonymous) },
        ]
        // validate
        #expect(anonymousList.items.map(\.id) == [visible.id])
        #expect(tokenList.items.map(\.id) == [visible.id, id])
        #expect(errors.allSatisfy { if case .notFound? = $0 { true } else { false } })
        #expect(try await services.documents.document(id: id, for: .tokenHolder).title == hidden.title)
    }

    @Test("attached to one existing thing at most; filters find documents by what they are attached to")
    func subjects() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.axes.create(AxisInput(number: 1, title: "Axe 1"), by: .anonymous)
        let action = try await services.makeAction(axisId: axis.axis.id!).action
        let roadmapDocument = try await upload(services)
        let actionDocument = try await upload(services, actionId: action.id!)
        // MUT
        let unknown = await roadmapError { _ = try await upload(services, actionId: 999) }
        let two = await roadmapError {
            _ = try await services.documents.create(
                DocumentInput(
                    file: UploadedFile(name: "a.pdf", bytes: DocumentFiles.pdf()), actionId: action.id!, grantId: 1),
                by: .anonymous)
        }
        let ofRoadmap = try await services.documents.documents(
            DocumentQuery(attachedTo: .roadmap, page: try PageRequest()), for: .anonymous)
        let ofAction = try await services.documents.documents(
            DocumentQuery(actionId: action.id!, page: try PageRequest()), for: .anonymous)
        // validate
        #expect(unknown == .unprocessable("actionId", "no action has id 999"))
        #expect(two?.fields == ["actionId"])
        #expect(ofRoadmap.items.map(\.id) == [roadmapDocument.id])
        #expect(ofAction.items.map(\.id) == [actionDocument.id])
        #expect(actionDocument.subject == .action(action.id!))
    }

    @Test("an action or a meeting with documents is kept (409); a deleted document takes its versions and bytes")
    func deletions() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.axes.create(AxisInput(number: 1, title: "Axe 1"), by: .anonymous)
        let action = try await services.makeAction(axisId: axis.axis.id!).action
        let committee = try await services.governance.createCommittee(
            CommitteeInput(type: .steering, name: "COPIL", frequency: .quarterly), by: .anonymous)
        let meeting = try await services.governance.createMeeting(
            committeeId: committee.committee.id!,
            MeetingInput(startsAt: "2026-03-20T14:00:00+01:00", endsAt: "2026-03-20T16:00:00+01:00"), by: .anonymous)
        let ofAction = try await upload(services, actionId: action.id!)
        let minutes = try await upload(services, committeeMeetingId: meeting.id!)
        _ = try await services.documents.addVersion(
            id: minutes.id!, UploadedFile(name: "relevé.odt", bytes: DocumentFiles.odt), by: .anonymous)
        // MUT
        let actionKept = await roadmapError { try await services.actions.delete(id: action.id!, by: .anonymous) }
        let meetingKept = await roadmapError {
            try await services.governance.deleteMeeting(
                committeeId: committee.committee.id!, id: meeting.id!, by: .anonymous)
        }
        try await services.documents.delete(id: minutes.id!, by: .anonymous)
        try await services.documents.delete(id: ofAction.id!, by: .anonymous)
        try await services.actions.delete(id: action.id!, by: .anonymous)
        // validate
        guard case .conflict(_, let references)? = actionKept, case .conflict? = meetingKept else {
            Issue.record("expected two 409s, got \(String(describing: actionKept)), \(String(describing: meetingKept))")
            return
        }
        #expect(references.map(\.id) == [ofAction.id!])
        for table in ["document", "documentVersion", "documentBytes"] {
            #expect(try await count(services, table) == 0)
        }
    }

    @Test("the change log records documents and their versions, never their bytes; the public feed leaves out titles")
    func changeLog() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let document = try await upload(services, visibility: .restricted)
        _ = try await services.documents.addVersion(
            id: document.id!, UploadedFile(name: "Relevé confidentiel.pdf", bytes: DocumentFiles.pdf("v2")),
            by: .anonymous)
        // MUT
        let feed = try await services.changes.feed(after: 0, limit: 500).filter { $0.entityType == "documents" }
        let audit = try await services.changes.audit(AuditQuery(entityType: "documents", page: try PageRequest()))
        // validate
        #expect(feed.map(\.path) == ["/documents/\(document.id!)", "/documents/\(document.id!)"])
        #expect(Set(feed[1].changedFields.keys) == ["version", "size", "sha256"])
        #expect(!feed.contains { $0.changes.contains("Relevé") || $0.changes.contains("Feuille") })
        #expect(audit.items.first?.changedFields["fileName"]?.new == .string("Relevé confidentiel.pdf"))
        #expect(!audit.items.contains { $0.changes.contains("%PDF") })
        #expect(try await services.snapshots.snapshot(asOf: nil).resources["documents"] == nil)
    }

    @Test("an export carries the files' bytes, and an import gives them back")
    func exportImport() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let bytes = DocumentFiles.pdf("signée")
        let document = try await upload(services, bytes)
        let target = try AppDatabase.inMemory(seed: nil)
        // MUT
        let export = try await services.database.exportDocument()
        try await target.importDocument(export)
        // validate
        let imported = RoadmapServices(database: target)
        #expect(try await imported.documents.file(id: document.id!, version: 1, for: .anonymous).bytes == bytes)
        #expect(try await target.exportDocument() == export)
    }
}
