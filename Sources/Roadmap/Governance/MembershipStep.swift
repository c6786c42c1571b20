import Foundation
import GRDB

/// One step of a partner's membership of the governance: from `since` on, the partner is a
/// candidate, a member, or has withdrawn; the steps of a partner, in order, are its history
/// (`candidate → member → withdrawn`).
public struct MembershipStep: Codable, Sendable, Equatable, Identifiable, FetchableRecord,
    MutablePersistableRecord, AuditedRecord
{
    public static let databaseTableName = "membershipStep"

    public var id: Int64?
    public var partnerId: Int64
    public var status: MembershipStatus
    /// At the precision the source gives (``Period``); setting it sets ``sinceStart``.
    public var since: String { didSet { sinceStart = Period(since)?.firstDay ?? MembershipStep.unparsed } }
    /// The first day of `since`.
    public var sinceStart: CalendarDate
    public var note: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// Stands for a `since` that does not parse until ``validate(into:)`` refuses it.
    static let unparsed = CalendarDate("0001-01-01")!

    public init(
        id: Int64? = nil, partnerId: Int64, status: MembershipStatus, since: String, note: String? = nil,
        createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.partnerId = partnerId
        self.status = status
        self.since = since
        self.sinceStart = Period(since)?.firstDay ?? MembershipStep.unparsed
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let partnerId = Column(CodingKeys.partnerId)
        static let sinceStart = Column(CodingKeys.sinceStart)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func validate(into v: inout Validator) {
        v.require(Period(since) != nil, "since", Period.rule)
        v.paragraph(note, "note")
    }
}

/// Where a partner stands in the governance.
public enum MembershipStatus: String, Codable, Sendable, CaseIterable {
    case candidate
    case member
    case withdrawn

    /// The statuses a partner may move to from this one (nil: a partner with no history yet).
    static func next(after status: MembershipStatus?) -> [MembershipStatus] {
        switch status {
        case nil: [.candidate, .member]
        case .candidate: [.member, .withdrawn]
        case .member: [.withdrawn]
        case .withdrawn: [.candidate, .member]
        }
    }
}

/// A partner's place in the governance on a day.
public struct GovernanceStanding: Sendable, Equatable {
    public var partnerId: Int64
    public var partnerName: String
    /// The step in force that day.
    public var step: MembershipStep
}
