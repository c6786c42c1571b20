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
        try RoadmapService.validate(patch)
        let now = clock.now
        let today = clock.today
        return try await database.write { db in
            let summary = try ActionService.roadmapSummary(db, today: today)
            var current = try RoadmapStore.fetch(db)
            current?.summary = summary
            if let current {
                try ifMatch.verify(current)
            } else if ifMatch != nil {
                throw RoadmapError.preconditionFailed
            }
            try RoadmapService.checkPartners(db, patch)
            var info = try current ?? RoadmapService.blank(from: patch, at: now)
            RoadmapService.apply(patch, to: &info)
            info.record.updatedAt = now
            try RoadmapStore.save(db, info)
            if let current {
                try ChangeLog.updated(
                    db, RoadmapRecord.self, id: RoadmapRecord.singletonId, from: RoadmapChangeEntry(current),
                    to: RoadmapChangeEntry(info), by: caller, at: now)
            } else {
                try ChangeLog.created(
                    db, RoadmapRecord.self, id: RoadmapRecord.singletonId, RoadmapChangeEntry(info), by: caller, at: now
                )
            }
            var stored = try RoadmapStore.fetch(db) ?? info
            stored.summary = summary
            return stored
        }
    }

    // MARK: Rules

    static func validate(_ patch: RoadmapPatch) throws {
        var v = Validator()
        if let title = patch.title.newValue { v.line(title, "title") }
        if let plan = patch.nationalPlan.newValue { v.line(plan, "nationalPlan") }
        if let territory = patch.territory.newValue {
            v.line(territory.name, "territory.name")
            v.require(
                isDepartementCode(territory.code), "territory.code",
                "must be a département code: 01 to 95, 2A, 2B or 971 to 976")
        }
        if let signedOn = patch.signedOn.newValue {
            v.require(CalendarDate(signedOn) != nil, "signedOn", "must be a date YYYY-MM-DD")
        }
        if let place = patch.signingPlace.newValue { v.line(place, "signingPlace") }
        if let pilot = patch.pilot.newValue {
            v.line(pilot.label, "pilot.label")
            v.line(pilot.representedBy, "pilot.representedBy")
            if let id = pilot.partnerId { v.atLeast(id, "pilot.partnerId", 1) }
        }
        for (list, name) in [(patch.coSignatories, "coSignatories"), (patch.supporters, "supporters")] {
            guard let items = list.newValue else { continue }
            v.require(items.count <= 50, name, "must have at most 50 entries")
            for (index, item) in items.enumerated() {
                v.line(item.text, "\(name)[\(index)].\(name == "coSignatories" ? "title" : "label")")
                if let id = item.partnerId { v.atLeast(id, "\(name)[\(index)].partnerId", 1) }
            }
        }
        if let timeline = patch.timeline.newValue {
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
        }
        if case .set(let objective?) = patch.objective { v.paragraph(objective, "objective") }
        if case .set(let url?) = patch.sourceUrl { v.webURL(url, "sourceUrl") }
        try v.finish()
    }

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
        let missing = try references.filter { try !Partner.exists(db, key: $0.1) }
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
        guard let title, let plan, let territory, let signedOn, let place, let pilot, let date = CalendarDate(signedOn)
        else {
            throw RoadmapError.invalid(missing)
        }
        let record = RoadmapRecord(
            title: title, nationalPlan: plan, territoryName: territory.name, territoryCode: territory.code,
            signedOn: date, signingPlace: place, pilotLabel: pilot.label, pilotRepresentedBy: pilot.representedBy,
            pilotPartnerId: pilot.partnerId, objective: nil, sourceUrl: nil, createdAt: now, updatedAt: now)
        return RoadmapInfo(record: record, coSignatories: [], supporters: [], timeline: [])
    }

    /// Writes the patch into `info` (already validated).
    static func apply(_ patch: RoadmapPatch, to info: inout RoadmapInfo) {
        patch.title.apply(to: &info.record.title)
        patch.nationalPlan.apply(to: &info.record.nationalPlan)
        if let territory = patch.territory.newValue {
            info.record.territoryName = territory.name
            info.record.territoryCode = territory.code
        }
        if let text = patch.signedOn.newValue, let date = CalendarDate(text) { info.record.signedOn = date }
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
