import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Roadmap
import RoadmapServer
import Testing

@testable import RoadmapAPI

@Suite("Contacts endpoints: personal data")
struct ContactsEndpointTests {
    static let camille = """
        {"name": "Camille Martin", "function": "Chargée de mission inclusion numérique",
         "email": "camille.martin@gersnumerique.fr", "phone": "05 62 00 00 00", "fneReferent": true}
        """

    /// Adds Camille to partner 3 (Gers Numérique in the seed); returns the contact's id.
    private func addCamille(_ client: APIClient, headers: HTTPFields = jsonHeaders) async throws -> Int64 {
        try await client.execute(
            uri: "/partners/3/contacts", method: .post, headers: headers, body: json(Self.camille)
        ) { response in
            #expect(response.status == .created)
            return try response.decoded(Components.Schemas.Contact.self).id
        }
    }

    @Test("never readable anonymously; with public reads, a reader token is not enough, an editor's is")
    func readRulesWithPublicReads() async throws {
        try await withApp { client, services in
            let id = try await addCamille(client)
            let reader = try await services.tokens.create(name: "lecteur", role: .reader, by: .commandLine)
            let editor = try await services.tokens.create(name: "éditrice", role: .editor, by: .commandLine)
            for uri in ["/partners/3/contacts", "/partners/3/contacts/\(id)"] {
                try await client.anonymous.execute(uri: uri, method: .get) { $0.expectProblem(.unauthorized) }
                try await client.with(token: reader.secret).execute(uri: uri, method: .get) {
                    $0.expectProblem(.forbidden)
                }
                try await client.with(token: editor.secret).execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("camille.martin@gersnumerique.fr"))
                }
            }
            // The partner's public JSON does not carry them.
            try await client.anonymous.execute(uri: "/partners/3", method: .get) { response in
                #expect(!String(buffer: response.body).contains("Camille"))
            }
        }
    }

    @Test("with FNE_READ_ACCESS=token, a reader token reads contacts")
    func readRulesWithTokenReads() async throws {
        try await withApp(readsArePublic: false) { client, services in
            _ = try await addCamille(client)
            let reader = try await services.tokens.create(name: "lecteur", role: .reader, by: .commandLine)
            try await client.anonymous.execute(uri: "/partners/3/contacts", method: .get) {
                $0.expectProblem(.unauthorized)
            }
            try await client.with(token: reader.secret).execute(uri: "/partners/3/contacts", method: .get) {
                response in
                let contacts = try response.decoded(Components.Schemas.ContactList.self).items
                #expect(contacts.map(\.name) == ["Camille Martin"])
            }
        }
    }

    @Test("the public change feed and the export without admin show no personal value")
    func notInPublicFeeds() async throws {
        try await withApp { client, services in
            _ = try await addCamille(client)
            try await client.anonymous.execute(uri: "/changes?limit=500", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"entity\":\"contacts\""))
                #expect(!text.contains("Camille") && !text.contains("camille.martin"))
            }
            let editor = try await services.tokens.create(name: "éditrice", role: .editor, by: .commandLine)
            try await client.with(token: editor.secret).execute(uri: "/export", method: .get) {
                $0.expectProblem(.forbidden)
            }
            try await client.anonymous.execute(uri: "/roadmap/snapshot", method: .get) { response in
                #expect(!String(buffer: response.body).contains("Camille"))
            }
        }
    }

    @Test("a contact without a name, or with an unknown field, is a 400 problem; nothing is stored")
    func badInput() async throws {
        try await withApp { client, _ in
            try await client.execute(
                uri: "/partners/3/contacts", method: .post, headers: jsonHeaders,
                body: json(#"{"email": "camille.martin@gersnumerique.fr"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["name"])
            }
            try await client.execute(
                uri: "/partners/3/contacts", method: .post, headers: jsonHeaders,
                body: json(#"{"name": "Camille Martin", "phone": "appelez-moi"}"#)
            ) { response in
                response.expectProblem(.badRequest)
                #expect(response.problemFields == ["phone"])
            }
            try await client.execute(uri: "/partners/3/contacts", method: .get) { response in
                let contacts = try response.decoded(Components.Schemas.ContactList.self).items
                #expect(contacts.isEmpty)
            }
        }
    }

    @Test("erasure: the e-mail, old and new, is nowhere in the database file, its WAL or its shared memory")
    func erasureLeavesNoTrace() async throws {
        // setup: a server on a database file; a contact created with an idempotency key, then
        // its e-mail changed, so the old one sits in the audit trail and a stored answer
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fne-erase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("roadmap.sqlite").path
        let database = try AppDatabase.openFile(atPath: path, seed: .gers, clock: .fixed(testInstant))
        let services = RoadmapServices(database: database, clock: .fixed(testInstant))
        let admin = try await services.tokens.create(name: "admin", role: .admin, by: .commandLine)
        let app = try buildApplication(TestArguments(), services: services, logger: Logger(label: "fne-api"))
        try await app.test(.router) { testClient in
            let client = APIClient(client: testClient, token: admin.secret)
            var headers = jsonHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "contact-camille-1"
            let id = try await addCamille(client, headers: headers)
            try await client.execute(
                uri: "/partners/3/contacts/\(id)", method: .patch, headers: jsonHeaders,
                body: json(#"{"email": "c.martin@gersnumerique.fr"}"#)
            ) { #expect($0.status == .ok) }
            let files = ["", "-wal", "-shm"].map { path + $0 }
            let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }.reduce(Data(), +)
            #expect(before.range(of: Data("camille.martin@gersnumerique.fr".utf8)) != nil)
            // MUT
            try await client.execute(uri: "/partners/3/contacts/\(id)?erase=true", method: .delete) {
                #expect($0.status == .noContent)
            }
            // validate
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                for trace in [
                    "camille.martin@gersnumerique.fr", "c.martin@gersnumerique.fr", "Camille Martin", "05 62 00 00 00",
                ] {
                    #expect(bytes.range(of: Data(trace.utf8)) == nil, "\(trace) in \(file)")
                }
            }
            try await client.execute(uri: "/audit?entity=contacts", method: .get) { response in
                let changes = try response.decoded(Components.Schemas.ChangePage.self).changes
                #expect(changes.count == 3)
                #expect(String(buffer: response.body).contains("[effacé]"))
            }
            // The retried creation is not answered from the forgotten stored answer: it creates anew.
            try await client.execute(
                uri: "/partners/3/contacts", method: .post, headers: headers, body: json(Self.camille)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            }
        }
    }
}
