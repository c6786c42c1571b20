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

/// The roadmap as it appears in the change log: shaped as the API shows it (`territory` and
/// `pilot` objects, the three ordered lists of objects), without the lists' internal ids,
/// which change when a list is replaced.
struct RoadmapChangeEntry: Encodable {
    let title: String
    let nationalPlan: String
    let territory: TerritoryEntry
    let signedOn: CalendarDate
    let signingPlace: String
    let pilot: Pilot
    let coSignatories: [Signatory]
    let supporters: [Supporter]
    let timeline: [Milestone]
    let objective: String?
    let sourceUrl: String?

    init(_ info: RoadmapInfo) {
        let record = info.record
        title = record.title
        nationalPlan = record.nationalPlan
        territory = TerritoryEntry(name: record.territoryName, code: record.territoryCode)
        signedOn = record.signedOn
        signingPlace = record.signingPlace
        pilot = Pilot(
            label: record.pilotLabel, representedBy: record.pilotRepresentedBy, partnerId: record.pilotPartnerId)
        coSignatories = info.coSignatories.map { Signatory(title: $0.title, partnerId: $0.partnerId) }
        supporters = info.supporters.map { Supporter(label: $0.label, partnerId: $0.partnerId) }
        timeline = info.timeline.map(Milestone.init)
        objective = record.objective
        sourceUrl = record.sourceUrl
    }

    struct TerritoryEntry: Encodable {
        let name: String
        let code: String
    }

    struct Pilot: Encodable {
        let label: String
        let representedBy: String?
        let partnerId: Int64?
    }

    struct Signatory: Encodable {
        let title: String
        let partnerId: Int64?
    }

    struct Supporter: Encodable {
        let label: String
        let partnerId: Int64?
    }

    struct Milestone: Encodable {
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
