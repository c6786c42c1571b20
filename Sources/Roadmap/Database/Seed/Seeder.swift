import Foundation
import GRDB

/// Whether a new database receives the Gers roadmap.
public enum SeedPolicy: String, Sendable, CaseIterable {
    /// The Gers roadmap (the default).
    case gers
    /// Nothing: an empty roadmap, for tests and other territories.
    case none
}

/// Writes the seed once in the life of a database.
///
/// The first start records in `appMeta` which seed the database received (`gers` or `none`),
/// in the same transaction as the seed itself. Later starts see the mark and do nothing, so
/// restarting never duplicates data nor overwrites what users changed or deleted, and a
/// database created empty stays empty.
enum Seeder {
    static let metaKey = "seed"

    static func seedIfNeeded(_ writer: any DatabaseWriter, policy: SeedPolicy, clock: RoadmapClock) throws {
        try writer.write { db in
            if try String.fetchOne(db, sql: "SELECT value FROM appMeta WHERE key = ?", arguments: [metaKey]) != nil {
                return
            }
            if policy == .gers {
                try writeGers(db, at: clock.now)
            }
            try db.execute(sql: "INSERT INTO appMeta(key, value) VALUES (?, ?)", arguments: [metaKey, policy.rawValue])
        }
    }

    /// The seed a database received, if it was ever opened by this program.
    static func seedMark(_ db: Database) throws -> SeedPolicy? {
        try String.fetchOne(db, sql: "SELECT value FROM appMeta WHERE key = ?", arguments: [metaKey]).flatMap(
            SeedPolicy.init(rawValue:))
    }

    private static func writeGers(_ db: Database, at now: Date) throws {
        let caller = Caller.seed
        var partnerIds: [String: Int64] = [:]
        for fact in GersSeed.partners {
            var partner = Partner(name: fact.name, kind: fact.kind, notes: fact.notes, createdAt: now, updatedAt: now)
            try partner.insert(db)
            let id = partner.id!
            partnerIds[fact.handle] = id
            for role in fact.roles {
                try PartnerRoleRecord(partnerId: id, role: role).insert(db)
            }
            try ChangeLog.created(
                db, Partner.self, id: id, PartnerSeedEntry(partner: partner, roles: fact.roles), by: caller, at: now)
        }

        try writeMembership(db, at: now)

        var axisIds: [Int: Int64] = [:]
        for fact in GersSeed.axes {
            var axis = Axis(
                number: fact.number, title: fact.title, isOptional: fact.isOptional, createdAt: now, updatedAt: now)
            try axis.insert(db)
            axisIds[fact.number] = axis.id!
            try ChangeLog.created(db, Axis.self, id: axis.id!, axis, by: caller, at: now)
        }

        for fact in GersSeed.groups {
            var group = WorkingGroup(axisId: axisIds[fact.axisNumber]!, name: fact.name, createdAt: now, updatedAt: now)
            try group.insert(db)
            try ChangeLog.created(db, WorkingGroup.self, id: group.id!, group, by: caller, at: now)
        }

        for fact in GersSeed.envelopes {
            var envelope = FundingEnvelope(
                funderId: partnerIds[fact.funder]!, label: fact.label, purpose: fact.purpose,
                amountCents: fact.amountCents, createdAt: now, updatedAt: now)
            try envelope.insert(db)
            try ChangeLog.created(db, FundingEnvelope.self, id: envelope.id!, envelope, by: caller, at: now)
        }

        for fact in GersSeed.financing {
            var line = FinancingLine(
                funderId: partnerIds[fact.funder]!, purpose: fact.purpose,
                shareBasisPoints: fact.shareBasisPoints, createdAt: now, updatedAt: now)
            try line.insert(db)
            try ChangeLog.created(db, FinancingLine.self, id: line.id!, line, by: caller, at: now)
        }

        let record = RoadmapRecord(
            title: GersSeed.roadmapTitle, nationalPlan: GersSeed.nationalPlan,
            territoryName: GersSeed.territoryName, territoryCode: GersSeed.territoryCode,
            signedOn: GersSeed.signedOn, signingPlace: GersSeed.signingPlace,
            pilotLabel: GersSeed.pilotLabel, pilotRepresentedBy: GersSeed.pilotRepresentedBy,
            pilotPartnerId: partnerIds[GersSeed.pilotPartner], objective: GersSeed.objective,
            sourceUrl: GersSeed.sourceUrl, createdAt: now, updatedAt: now)
        let info = RoadmapInfo(
            record: record,
            coSignatories: GersSeed.coSignatories.enumerated().map { index, fact in
                RoadmapSignatory(position: index + 1, title: fact.title, partnerId: partnerIds[fact.partner])
            },
            supporters: GersSeed.supporters.enumerated().map { index, fact in
                RoadmapSupporter(position: index + 1, label: fact.label, partnerId: partnerIds[fact.partner])
            },
            timeline: GersSeed.timeline.enumerated().map { index, fact in
                RoadmapMilestone(
                    position: index + 1, label: fact.label, period: fact.period, periodLabel: fact.periodLabel,
                    description: fact.description, participantsApprox: fact.participants)
            })
        try RoadmapStore.insert(db, info)
        try ChangeLog.created(
            db, RoadmapRecord.self, id: RoadmapRecord.singletonId, RoadmapChangeEntry(info), by: caller, at: now)
    }
}

extension Seeder {
    /// The governance members' history as the source document gives it (``GersSeed/membership``),
    /// for each seeded partner still there under its seeded name; logged as the seed's.
    static func writeMembership(_ db: Database, at now: Date) throws {
        for fact in GersSeed.partners where fact.roles.contains(.governanceMember) {
            guard
                let partnerId = try Int64.fetchOne(
                    db, sql: "SELECT id FROM partner WHERE nameKey = ?", arguments: [TextKey.fold(fact.name)])
            else { continue }
            for step in GersSeed.membership {
                var record = MembershipStep(
                    partnerId: partnerId, status: step.status, since: step.since, note: step.note, createdAt: now,
                    updatedAt: now)
                try record.insert(db)
                try ChangeLog.created(db, MembershipStep.self, id: record.id!, record, by: Caller.seed, at: now)
            }
        }
    }
}

/// How a seeded partner appears in the change log: its fields and its roles.
private struct PartnerSeedEntry: Encodable {
    let partner: Partner
    let roles: [PartnerRole]

    func encode(to encoder: any Encoder) throws {
        try partner.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(roles, forKey: .roles)
    }

    private enum Key: String, CodingKey { case roles }
}
