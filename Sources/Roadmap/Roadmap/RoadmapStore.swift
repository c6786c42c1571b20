import GRDB

/// Reads and writes the roadmap record and its lists. Used by `RoadmapService` and the seed.
enum RoadmapStore {
    /// The roadmap, or nil in a database created without the seed and never filled.
    static func fetch(_ db: Database) throws -> RoadmapInfo? {
        guard let record = try RoadmapRecord.fetchOne(db, key: RoadmapRecord.singletonId) else { return nil }
        return RoadmapInfo(
            record: record,
            coSignatories: try RoadmapSignatory.order(RoadmapSignatory.Columns.position).fetchAll(db),
            supporters: try RoadmapSupporter.order(RoadmapSupporter.Columns.position).fetchAll(db),
            timeline: try RoadmapMilestone.order(RoadmapMilestone.Columns.position).fetchAll(db))
    }

    static func insert(_ db: Database, _ info: RoadmapInfo) throws {
        try info.record.insert(db)
        try replaceLists(db, info)
    }

    /// Writes the record and replaces the three lists whole (merge patch replaces arrays).
    static func save(_ db: Database, _ info: RoadmapInfo) throws {
        try info.record.save(db)
        try replaceLists(db, info)
    }

    private static func replaceLists(_ db: Database, _ info: RoadmapInfo) throws {
        try RoadmapSignatory.deleteAll(db)
        try RoadmapSupporter.deleteAll(db)
        try RoadmapMilestone.deleteAll(db)
        for var signatory in info.coSignatories { try signatory.insert(db) }
        for var supporter in info.supporters { try supporter.insert(db) }
        for var milestone in info.timeline { try milestone.insert(db) }
    }
}

/// The roadmap as it appears in the change log: the record's fields, flat, and the lists
/// (without their internal ids, which change when a list is replaced).
struct RoadmapChangeEntry: Encodable {
    let info: RoadmapInfo

    init(_ info: RoadmapInfo) { self.info = info }

    func encode(to encoder: any Encoder) throws {
        try info.record.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(
            info.coSignatories.map { [$0.title, $0.partnerId.map(String.init) ?? ""] }, forKey: .coSignatories)
        try container.encode(
            info.supporters.map { [$0.label, $0.partnerId.map(String.init) ?? ""] }, forKey: .supporters)
        try container.encode(info.timeline.map { MilestoneEntry($0) }, forKey: .timeline)
    }

    private enum Key: String, CodingKey { case coSignatories, supporters, timeline }

    private struct MilestoneEntry: Encodable {
        let label: String
        let period: String
        let periodLabel: String?
        let description: String?
        let participantsApprox: Int?

        init(_ milestone: RoadmapMilestone) {
            label = milestone.label
            period = milestone.period
            periodLabel = milestone.periodLabel
            description = milestone.description
            participantsApprox = milestone.participantsApprox
        }
    }
}
