import Foundation
import GRDB

/// Each partner's membership of the governance over time: steps `candidate → member →
/// withdrawn` (``MembershipStatus/next(after:)``), each from a date at the precision known
/// (``Period``). Steps are appended in order of their dates; only the latest can be taken back
/// (to correct a mistake), so the history never contradicts itself.
extension GovernanceService {
    /// A partner's steps, oldest first.
    public func membership(partnerId: Int64) async throws -> [MembershipStep] {
        try await database.read { db in
            _ = try Partner.find(db, id: partnerId)
            return try GovernanceService.steps(db, partnerId: partnerId)
        }
    }

    /// One step of a partner's membership.
    public func membershipStep(partnerId: Int64, id: Int64) async throws -> MembershipStep {
        try await database.read { db in try GovernanceService.step(db, partnerId: partnerId, id: id) }
    }

    /// Appends a step: its status must follow the current one (409 naming the allowed next
    /// statuses), and its date must not be before the current step's.
    public func recordMembershipStep(
        partnerId: Int64, _ input: MembershipStepInput, by caller: Caller
    ) async throws -> MembershipStep {
        let step = MembershipStep(partnerId: partnerId, status: input.status, since: input.since, note: input.note)
        try step.validate()
        return try await database.write(by: caller, clock: clock) { write in
            let partner = try Partner.find(write.db, id: partnerId)
            let latest = try GovernanceService.steps(write.db, partnerId: partnerId).last
            let allowed = MembershipStatus.next(after: latest?.status)
            guard allowed.contains(step.status) else {
                let from = latest.map { "is \($0.status.rawValue) since \($0.since)" } ?? "has no membership yet"
                throw RoadmapError.conflict(
                    detail:
                        "« \(partner.name) » \(from); it cannot become \(step.status.rawValue). Allowed next statuses: \(allowed.map(\.rawValue).joined(separator: ", ")).",
                    references: latest.map { [Reference(MembershipStep.self, id: $0.id!, label: $0.status.rawValue)] }
                        ?? [])
            }
            if let latest, step.sinceStart < latest.sinceStart {
                throw RoadmapError.unprocessable(
                    "since",
                    "must not be before the current step's date (\(latest.status.rawValue) since \(latest.since))")
            }
            var step = step
            try write.insert(&step)
            return step
        }
    }

    /// Takes back a partner's latest step (409 for an earlier one).
    public func deleteMembershipStep(
        partnerId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<MembershipStep>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let step = try GovernanceService.step(write.db, partnerId: partnerId, id: id)
            try ifMatch.verify(step)
            let latest = try GovernanceService.steps(write.db, partnerId: partnerId).last!
            guard latest.id == id else {
                throw RoadmapError.conflict(
                    detail: "Only the latest step of a membership can be taken back; later steps depend on this one.",
                    references: [Reference(MembershipStep.self, id: latest.id!, label: latest.status.rawValue)])
            }
            try write.delete(step)
        }
    }

    /// Who stands where in the governance on `day` (`YYYY-MM-DD`; today when nil): every partner
    /// with a step by then, with the step in force, optionally only those of one status.
    public func roll(on text: String?, status: MembershipStatus? = nil) async throws -> GovernanceRoll {
        var v = Validator()
        let parsed = v.date(text, "on")
        try v.finish()
        let day = parsed ?? clock.today
        return try await database.read { db in
            // The latest step by date (then by id) of each partner, among those dated by `day`.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT membershipStep.*, partner.name AS partnerName FROM membershipStep
                      JOIN partner ON partner.id = membershipStep.partnerId
                     WHERE membershipStep.sinceStart <= :day
                       AND NOT EXISTS (SELECT 1 FROM membershipStep later
                                        WHERE later.partnerId = membershipStep.partnerId AND later.sinceStart <= :day
                                          AND (later.sinceStart > membershipStep.sinceStart
                                               OR (later.sinceStart = membershipStep.sinceStart AND later.id > membershipStep.id)))
                     ORDER BY partner.nameKey, partner.id
                    """, arguments: ["day": day])
            let standings = try rows.map {
                GovernanceStanding(
                    partnerId: $0["partnerId"], partnerName: $0["partnerName"], step: try MembershipStep(row: $0))
            }
            return GovernanceRoll(
                on: day, standings: standings.filter { status == nil || $0.step.status == status },
                counts: Dictionary(grouping: standings, by: \.step.status).mapValues(\.count))
        }
    }

    // MARK: Queries

    static func steps(_ db: Database, partnerId: Int64) throws -> [MembershipStep] {
        try MembershipStep.filter(MembershipStep.Columns.partnerId == partnerId)
            .order(MembershipStep.Columns.sinceStart, MembershipStep.Columns.id).fetchAll(db)
    }

    static func step(_ db: Database, partnerId: Int64, id: Int64) throws -> MembershipStep {
        guard let step = try MembershipStep.fetchOne(db, primaryKey: id), step.partnerId == partnerId else {
            throw RoadmapError.notFound(MembershipStep.self, id: id, of: Partner.self, partnerId)
        }
        return step
    }
}
