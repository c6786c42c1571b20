import Foundation
import GRDB

/// The roadmap as a whole: its record and its three ordered lists. (Not named `Roadmap`, which
/// is the module's name.)
public struct RoadmapInfo: Sendable, Equatable {
    public var record: RoadmapRecord
    public var coSignatories: [RoadmapSignatory]
    public var supporters: [RoadmapSupporter]
    public var timeline: [RoadmapMilestone]
    /// How the roadmap's actions are doing (computed, not stored).
    public var summary: ActionSummary = .empty
}

/// The one row of table `roadmap`: what was signed, where, when, and who pilots it.
public struct RoadmapRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "roadmap"
    /// The table holds exactly one row, with this id.
    public static let singletonId: Int64 = 1

    public var id: Int64 = RoadmapRecord.singletonId
    public var title: String
    public var nationalPlan: String
    public var territoryName: String
    /// Official code of the département (« 32 » for the Gers).
    public var territoryCode: String
    public var signedOn: CalendarDate
    public var signingPlace: String
    public var pilotLabel: String
    public var pilotRepresentedBy: String?
    public var pilotPartnerId: Int64?
    public var objective: String?
    public var sourceUrl: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A co-signatory of the roadmap, in signing order.
public struct RoadmapSignatory: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "roadmapSignatory"

    public var id: Int64?
    public var position: Int
    /// Who signs, as written (« préfet du Gers »).
    public var title: String
    public var partnerId: Int64?

    public enum Columns {
        static let position = Column(CodingKeys.position)
        static let partnerId = Column(CodingKeys.partnerId)
    }
}

/// Who supported the elaboration of the roadmap.
public struct RoadmapSupporter: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "roadmapSupporter"

    public var id: Int64?
    public var position: Int
    public var label: String
    public var partnerId: Int64?

    public enum Columns {
        static let position = Column(CodingKeys.position)
        static let partnerId = Column(CodingKeys.partnerId)
    }
}

/// A step of the roadmap's history. `period` is ISO 8601 at the precision the roadmap gives:
/// a day (`2025-01-24`), a year (`2024`) or an ISO 8601-2 season (`2023-23`, autumn 2023).
public struct RoadmapMilestone: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "roadmapMilestone"

    public var id: Int64?
    public var position: Int
    public var label: String
    public var period: String
    public var periodLabel: String?
    public var description: String?
    public var participantsApprox: Int?

    public enum Columns {
        static let position = Column(CodingKeys.position)
    }

    /// Whether `text` is a period in the accepted ISO 8601 shapes: `YYYY`, `YYYY-MM`,
    /// `YYYY-21…24` (seasons, ISO 8601-2) or a valid `YYYY-MM-DD`.
    public static func isValidPeriod(_ text: String) -> Bool { Period(text) != nil }
}

extension RoadmapInfo {
    /// The field rules of the roadmap as a whole, its record and its lists, whatever produced
    /// it (the seed, a creation, a patch applied onto the stored roadmap).
    func validate(into v: inout Validator) {
        v.line(record.title, "title")
        v.line(record.nationalPlan, "nationalPlan")
        v.line(record.territoryName, "territory.name")
        v.require(
            RoadmapService.isDepartementCode(record.territoryCode), "territory.code",
            "must be a département code: 01 to 95, 2A, 2B or 971 to 976")
        v.require(record.signedOn != RoadmapService.unparsedDate, "signedOn", "must be a date YYYY-MM-DD")
        v.line(record.signingPlace, "signingPlace")
        v.line(record.pilotLabel, "pilot.label")
        v.line(record.pilotRepresentedBy, "pilot.representedBy")
        if let id = record.pilotPartnerId { v.atLeast(id, "pilot.partnerId", 1) }
        v.require(coSignatories.count <= 50, "coSignatories", "must have at most 50 entries")
        for (index, item) in coSignatories.enumerated() {
            v.line(item.title, "coSignatories[\(index)].title")
            if let id = item.partnerId { v.atLeast(id, "coSignatories[\(index)].partnerId", 1) }
        }
        v.require(supporters.count <= 50, "supporters", "must have at most 50 entries")
        for (index, item) in supporters.enumerated() {
            v.line(item.label, "supporters[\(index)].label")
            if let id = item.partnerId { v.atLeast(id, "supporters[\(index)].partnerId", 1) }
        }
        v.require(timeline.count <= 100, "timeline", "must have at most 100 entries")
        for (index, step) in timeline.enumerated() {
            v.line(step.label, "timeline[\(index)].label")
            v.require(
                RoadmapMilestone.isValidPeriod(step.period), "timeline[\(index)].period",
                "must be ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601-2 season YYYY-21…24")
            v.line(step.periodLabel, "timeline[\(index)].periodLabel", maxLength: 100)
            v.paragraph(step.description, "timeline[\(index)].description")
            if let count = step.participantsApprox { v.atLeast(count, "timeline[\(index)].participantsApprox", 0) }
        }
        v.paragraph(record.objective, "objective")
        v.webURL(record.sourceUrl, "sourceUrl")
    }

    /// Throws `invalid` naming every field that breaks a rule.
    func validate() throws {
        var v = Validator()
        validate(into: &v)
        try v.finish()
    }
}
