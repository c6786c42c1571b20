import Foundation
import GRDB

/// Fills a database with a large, plausible roadmap for load tests and benchmarks: partners,
/// actions spread over the axes and groups with contributors and indicators, envelopes and
/// allocations. Deterministic for a given seed value. Generated rows are bulk data, not user
/// changes: they are not written to the change log.
public enum LargeRoadmapGenerator {
    public struct Counts: Sendable, Equatable {
        public var partners: Int
        public var actions: Int
        public var envelopes: Int

        public init(partners: Int, actions: Int, envelopes: Int) {
            self.partners = partners
            self.actions = actions
            self.envelopes = envelopes
        }
    }

    /// Adds `counts` rows to a database that holds the Gers seed (it uses its axes and groups).
    public static func generate(
        into database: AppDatabase, counts: Counts, seedValue: UInt64 = 2025, clock: RoadmapClock = .system
    ) async throws {
        let now = clock.now
        try await database.write { db in
            var random = SplitMix64(seed: seedValue)
            let axes = try Int64.fetchAll(db, sql: "SELECT id FROM axis ORDER BY id")
            guard !axes.isEmpty else { throw RoadmapError.conflict(detail: "The database has no axis: seed it first.") }
            let groupsByAxis = Dictionary(
                grouping: try Row.fetchAll(db, sql: "SELECT id, axisId FROM workingGroup"),
                by: { $0["axisId"] as Int64 }
            )
            .mapValues { $0.map { $0["id"] as Int64 } }

            // Partners
            let firstPartner = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM partner") ?? 0) + 1
            let kinds = PartnerKind.allCases.map(\.rawValue)
            let insertPartner = try db.makeStatement(
                sql: "INSERT INTO partner(name, nameKey, kind, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)")
            for index in 0..<counts.partners {
                let name =
                    "\(pick(partnerPrefixes, &random)) \(pick(places, &random)) n° \(firstPartner + Int64(index))"
                try insertPartner.execute(arguments: [name, TextKey.fold(name), pick(kinds, &random), now, now])
            }
            let partnerIds = try Int64.fetchAll(db, sql: "SELECT id FROM partner")

            // Actions, contributors, indicators
            let statuses = ActionStatus.allCases
            let insertAction = try db.makeStatement(
                sql: """
                    INSERT INTO action(axisId, groupId, leadPartnerId, title, titleKey, description, status, startOn, endOn, budgetCents,
                                       targetAudience, notes, progressBasisPoints, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertContributor = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO actionPartner(actionId, partnerId) VALUES (?, ?)")
            let insertIndicator = try db.makeStatement(
                sql: """
                    INSERT INTO actionIndicator(actionId, name, unit, targetValue, currentValue, measuredOn, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            // Its value is its one measurement (an indicator shows its latest measurement).
            let insertMeasurement = try db.makeStatement(
                sql: """
                    INSERT INTO indicatorMeasurement(actionId, indicatorId, value, measuredOn, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for _ in 0..<counts.actions {
                let axis = pick(axes, &random)
                let group = random.next() % 3 == 0 ? nil : groupsByAxis[axis].map { pick($0, &random) }
                let status = pick(statuses, &random)
                let title = "\(pick(verbs, &random)) \(pick(subjects, &random)) \(pick(places, &random))"
                let startDay = Int(random.next() % 900)
                let start = CalendarDate(
                    Date(timeIntervalSince1970: 1_735_689_600 + Double(startDay) * 86_400), in: RoadmapClock.paris)
                let end = CalendarDate(
                    Date(
                        timeIntervalSince1970: 1_735_689_600 + Double(startDay + 30 + Int(random.next() % 500)) * 86_400
                    ), in: RoadmapClock.paris)
                let hasIndicator = random.next() % 10 < 3
                let target = Int64(10 + random.next() % 200)
                let current = Int64(random.next() % UInt64(target + 20))
                let indicator = ActionIndicator(
                    actionId: 0, name: pick(indicatorNames, &random), unit: "unités", targetValue: target,
                    currentValue: current, createdAt: now, updatedAt: now)
                let progress = ActionProgress.basisPoints(status: status, indicators: hasIndicator ? [indicator] : [])
                try insertAction.execute(arguments: [
                    axis, group, pick(partnerIds, &random), title, TextKey.fold(title),
                    "\(pick(descriptions, &random)) (\(pick(places, &random)))",
                    status.rawValue, start.description, end.description, Int64(random.next() % 5_000_000),
                    pick(audiences, &random), nil,
                    progress, now, now,
                ])
                let actionId = db.lastInsertedRowID
                for _ in 0..<Int(random.next() % 3) {
                    try insertContributor.execute(arguments: [actionId, pick(partnerIds, &random)])
                }
                if hasIndicator {
                    try insertIndicator.execute(arguments: [
                        actionId, indicator.name, indicator.unit, target, current, start.description, now, now,
                    ])
                    try insertMeasurement.execute(arguments: [
                        actionId, db.lastInsertedRowID, current, start.description, now, now,
                    ])
                }
            }

            // Envelopes and allocations within them
            let actionIds = try Int64.fetchAll(db, sql: "SELECT id FROM action ORDER BY random() LIMIT 1000")
            let insertEnvelope = try db.makeStatement(
                sql: """
                    INSERT INTO fundingEnvelope(funderId, label, purpose, amountCents, year, axisId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertAllocation = try db.makeStatement(
                sql:
                    "INSERT INTO fundingAllocation(envelopeId, actionId, amountCents, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)"
            )
            for index in 0..<counts.envelopes {
                let amount = Int64(100_000 + random.next() % 10_000_000)
                try insertEnvelope.execute(arguments: [
                    pick(partnerIds, &random), "Enveloppe générée n° \(index + 1)", pick(subjects, &random),
                    amount, 2025 + Int(random.next() % 3), pick(axes, &random), now, now,
                ])
                let envelopeId = db.lastInsertedRowID
                if !actionIds.isEmpty {
                    try insertAllocation.execute(arguments: [
                        envelopeId, pick(actionIds, &random), amount / 2, now, now,
                    ])
                }
            }
        }
    }

    // MARK: Vocabulary (accented, so that searches without accents are exercised)

    static let partnerPrefixes = [
        "Association", "Mairie de", "Communauté de communes de", "Médiathèque de", "Centre social de", "Tiers-lieu de",
        "Entreprise d'insertion de",
    ]
    static let places = [
        "Auch", "Condom", "Lectoure", "Mirande", "Fleurance", "L'Isle-Jourdain", "Éauze", "Nogaro", "Samatan",
        "Vic-Fezensac", "Gimont", "Marciac",
    ]
    static let verbs = [
        "Former", "Équiper", "Accompagner", "Coordonner", "Sensibiliser", "Développer", "Mutualiser", "Évaluer",
    ]
    static let subjects = [
        "les médiateurs numériques", "les aidants connect", "la médiation numérique itinérante", "les seniors isolés",
        "la filière de reconditionnement", "les démarches administratives", "les lieux de médiation",
        "les conseillers numériques",
    ]
    static let descriptions = [
        "Ateliers collectifs d'initiation", "Permanences d'accompagnement individuel",
        "Collecte et reconditionnement d'ordinateurs",
        "Formation certifiante des médiateurs", "Réseau départemental des acteurs",
        "Expérimentation de nouveaux usages",
    ]
    static let audiences = [
        "Seniors", "Demandeurs d'emploi", "Jeunes", "Agents publics", "Tout public", "Associations",
    ]
    static let indicatorNames = [
        "médiateurs formés", "ordinateurs reconditionnés", "personnes accompagnées", "ateliers organisés",
    ]

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }
}

/// A small deterministic generator (SplitMix64), so that a seed value always gives the same data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
