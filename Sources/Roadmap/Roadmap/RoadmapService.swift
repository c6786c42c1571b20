import Foundation
import GRDB

/// The roadmap record: what was signed, by whom, when, and its history.
public struct RoadmapService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// The roadmap; `notFound` on a database created without the seed and never filled.
    public func get() async throws -> RoadmapInfo {
        let today = clock.today
        return try await database.read { db in
            guard var info = try RoadmapStore.fetch(db) else {
                throw RoadmapError.notFound(entity: RoadmapRecord.databaseTableName, id: "")
            }
            info.summary = try ActionService.roadmapSummary(db, today: today)
            return info
        }
    }

    /// Applies `patch`; creates the roadmap when there is none and the patch sets every
    /// required field.
    public func update(
        _ patch: RoadmapPatch, by caller: Caller, ifMatch: Precondition<RoadmapInfo>? = nil
    ) async throws -> RoadmapInfo {
        let today = clock.today
        return try await database.write(by: caller, clock: clock) { write in
            let db = write.db
            let summary = try ActionService.roadmapSummary(db, today: today)
            var current = try RoadmapStore.fetch(db)
            current?.summary = summary
            var info = try current ?? RoadmapService.blank(from: patch, at: write.now)
            RoadmapService.apply(patch, to: &info)
            try info.validate()
            if let current {
                try ifMatch.verify(current)
            } else if ifMatch != nil {
                throw RoadmapError.preconditionFailed
            }
            try RoadmapService.checkPartners(db, patch)
            info.record.updatedAt = write.now
            try RoadmapStore.save(db, info)
            if let current {
                try write.logUpdated(
                    RoadmapRecord.self, id: RoadmapRecord.singletonId, from: RoadmapChangeEntry(current),
                    to: RoadmapChangeEntry(info))
            } else {
                try write.logCreated(RoadmapRecord.self, id: RoadmapRecord.singletonId, RoadmapChangeEntry(info))
            }
            var stored = try RoadmapStore.fetch(db) ?? info
            stored.summary = summary
            return stored
        }
    }

    // MARK: Rules

    /// The official codes of French départements.
    static func isDepartementCode(_ code: String) -> Bool {
        if code == "2A" || code == "2B" { return true }
        guard code.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(code) else { return false }
        switch code.count {
        case 2: return (1...95).contains(value) && value != 20
        case 3: return (971...976).contains(value)
        default: return false
        }
    }

    /// Every partner the patch names must exist (→ 422 naming the field otherwise).
    static func checkPartners(_ db: Database, _ patch: RoadmapPatch) throws {
        var references: [(String, Int64)] = []
        if let id = patch.pilot.newValue?.partnerId { references.append(("pilot.partnerId", id)) }
        for (index, item) in (patch.coSignatories.newValue ?? []).enumerated() {
            if let id = item.partnerId { references.append(("coSignatories[\(index)].partnerId", id)) }
        }
        for (index, item) in (patch.supporters.newValue ?? []).enumerated() {
            if let id = item.partnerId { references.append(("supporters[\(index)].partnerId", id)) }
        }
        let missing = try references.filter { try !Partner.exists(db, primaryKey: $0.1) }
        if !missing.isEmpty {
            throw RoadmapError.unprocessable(
                missing.map { FieldError(field: $0.0, message: "no partner has id \($0.1)") })
        }
    }

    /// A new roadmap from a patch that sets every required field.
    static func blank(from patch: RoadmapPatch, at now: Date) throws -> RoadmapInfo {
        var missing: [FieldError] = []
        func require<T>(_ field: Patch<T>, _ name: String) -> T? {
            if let value = field.newValue { return value }
            missing.append(FieldError(field: name, message: "is required to create the roadmap"))
            return nil
        }
        let title = require(patch.title, "title")
        let plan = require(patch.nationalPlan, "nationalPlan")
        let territory = require(patch.territory, "territory")
        let signedOn = require(patch.signedOn, "signedOn")
        let place = require(patch.signingPlace, "signingPlace")
        let pilot = require(patch.pilot, "pilot")
        guard let title, let plan, let territory, let signedOn, let place, let pilot else {
            throw RoadmapError.invalid(missing)
        }
        // A date that does not parse is refused by the validation, in its place.
        let date = CalendarDate(signedOn) ?? RoadmapService.unparsedDate
        let record = RoadmapRecord(
            title: title, nationalPlan: plan, territoryName: territory.name, territoryCode: territory.code,
            signedOn: date, signingPlace: place, pilotLabel: pilot.label, pilotRepresentedBy: pilot.representedBy,
            pilotPartnerId: pilot.partnerId, objective: nil, sourceUrl: nil, createdAt: now, updatedAt: now)
        return RoadmapInfo(record: record, coSignatories: [], supporters: [], timeline: [])
    }

    /// Stands for a signing date that did not parse (0001-01-01, no roadmap's date), until
    /// the validation refuses it in its place among the fields.
    static let unparsedDate = CalendarDate(.distantPast, in: TimeZone(secondsFromGMT: 0)!)

    /// Writes the patch into `info`; a date that does not parse becomes ``unparsedDate``.
    static func apply(_ patch: RoadmapPatch, to info: inout RoadmapInfo) {
        patch.title.apply(to: &info.record.title)
        patch.nationalPlan.apply(to: &info.record.nationalPlan)
        if let territory = patch.territory.newValue {
            info.record.territoryName = territory.name
            info.record.territoryCode = territory.code
        }
        if let text = patch.signedOn.newValue { info.record.signedOn = CalendarDate(text) ?? unparsedDate }
        patch.signingPlace.apply(to: &info.record.signingPlace)
        if let pilot = patch.pilot.newValue {
            info.record.pilotLabel = pilot.label
            info.record.pilotRepresentedBy = pilot.representedBy
            info.record.pilotPartnerId = pilot.partnerId
        }
        if let items = patch.coSignatories.newValue {
            info.coSignatories = items.enumerated().map {
                RoadmapSignatory(position: $0.offset + 1, title: $0.element.text, partnerId: $0.element.partnerId)
            }
        }
        if let items = patch.supporters.newValue {
            info.supporters = items.enumerated().map {
                RoadmapSupporter(position: $0.offset + 1, label: $0.element.text, partnerId: $0.element.partnerId)
            }
        }
        if let steps = patch.timeline.newValue {
            info.timeline = steps.enumerated().map {
                RoadmapMilestone(
                    position: $0.offset + 1, label: $0.element.label, period: $0.element.period,
                    periodLabel: $0.element.periodLabel, description: $0.element.description,
                    participantsApprox: $0.element.participantsApprox)
            }
        }
        patch.objective.apply(to: &info.record.objective)
        patch.sourceUrl.apply(to: &info.record.sourceUrl)
    }
}
