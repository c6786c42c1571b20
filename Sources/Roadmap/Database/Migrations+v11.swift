import GRDB

extension Migrations {
    /// The people at partners (issue 16), personal data: see ``ContactService``. At most one
    /// « référent FNE » per partner, enforced by the database too.
    static func v11Contacts(_ db: Database) throws {
        try db.create(table: "contact") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("partnerId", .integer).notNull().indexed().references("partner", onDelete: .restrict)
            t.column("name", .text).notNull()
            t.column("function", .text)
            t.column("email", .text)
            t.column("phone", .text)
            t.column("fneReferent", .boolean).notNull().defaults(to: false)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.execute(sql: "CREATE UNIQUE INDEX contact_one_referent ON contact(partnerId) WHERE fneReferent = 1")
    }
}
