import GRDB

extension Migrations {
    /// Named versions of the roadmap (issue 17): a snapshot frozen under a label
    /// (« version signée du 24 janvier 2025 », « révision 2026 »). A version is never changed:
    /// it records its own author and instant, so it is not part of the change log it is
    /// rebuilt from.
    static func v9RoadmapVersions(_ db: Database) throws {
        try db.create(table: "roadmapVersion") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("label", .text).notNull()
            t.column("labelKey", .text).notNull().unique()
            t.column("asOf", .datetime).notNull()
            t.column("createdBy", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            // The snapshot's resources, as JSON (``RoadmapSnapshot``).
            t.column("resources", .text).notNull()
        }
    }
}
