import GRDB

extension Migrations {
    /// Documents and their versions (issue 16). The bytes sit in a table of their own, in the
    /// database, so that a backup or an export carries them; what a document is attached to
    /// cannot be deleted under it (`RESTRICT`), its versions go with it (`CASCADE`).
    static func v12Documents(_ db: Database) throws {
        try db.create(table: "document") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("title", .text).notNull()
            t.column("visibility", .text).notNull()
            t.column("actionId", .integer).indexed().references("action", onDelete: .restrict)
            t.column("grantId", .integer).indexed().references("grantRequest", onDelete: .restrict)
            t.column("groupMeetingId", .integer).indexed().references("groupMeeting", onDelete: .restrict)
            t.column("committeeMeetingId", .integer).indexed().references("committeeMeeting", onDelete: .restrict)
            t.column("version", .integer).notNull()
            t.column("fileName", .text).notNull()
            t.column("mediaType", .text).notNull()
            t.column("size", .integer).notNull()
            t.column("sha256", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "documentVersion") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("documentId", .integer).notNull().references("document", onDelete: .cascade)
            t.column("version", .integer).notNull()
            t.column("fileName", .text).notNull()
            t.column("mediaType", .text).notNull()
            t.column("size", .integer).notNull()
            t.column("sha256", .text).notNull()
            t.column("uploadedAt", .datetime).notNull()
            t.column("uploadedBy", .text).notNull()
            t.uniqueKey(["documentId", "version"])
        }
        try db.create(table: "documentBytes") { t in
            t.primaryKey("versionId", .integer).references("documentVersion", onDelete: .cascade)
            t.column("bytes", .blob).notNull()
        }
    }
}
