import GRDB

/// A kind of record as the change log shows it (the feed, the audit trail, the history
/// endpoints): in the API's words, so that a tool that syncs from the feed applies a change to
/// the JSON it got from `GET`. Its name is its collection's in the paths (`axes`,
/// `envelopes`), its fields are named and shaped as in its JSON representation, and fields
/// that only exist in storage (comparison keys, UTC copies of instants) are left out.
///
/// Only stored fields appear: what the API derives on the way out (an axis's summary, an
/// envelope's remaining amount, a partner's groups) changes through other records, and
/// `createdAt`/`updatedAt` are the change's `occurredAt`.
public protocol LoggedResource: TableRecord {
    /// The resource's collection in the paths: `/funding/envelopes/{id}` → `envelopes`.
    static var resourceName: String { get }
    /// Storage field → API field, for the fields whose names differ.
    static var apiFieldNames: [String: String] { get }
    /// Storage-only fields, never shown.
    static var internalFields: Set<String> { get }
    /// Fields holding personal data (RGPD): the public change feed and histories leave them out.
    static var personalFields: Set<String> { get }
    /// Fields only the audit trail shows, whatever they hold: the personal fields, and fields
    /// that may name what not every reader may see (a restricted document's title).
    static var auditOnlyFields: Set<String> { get }
    /// The resource's path, from the id the change is logged under and its fields in API
    /// terms (a sub-resource's parent id is one of them).
    static func path(id: Int64, fields: [String: JSONValue]) -> String
}

extension LoggedResource {
    public static var apiFieldNames: [String: String] { [:] }
    public static var internalFields: Set<String> { [] }
    public static var personalFields: Set<String> { [] }
    public static var auditOnlyFields: Set<String> { personalFields }

    /// `fields` (a record as stored, encoded) in API terms.
    static func apiFields(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in fields where !internalFields.contains(key) && !ChangeLog.bookkeeping.contains(key) {
            result[apiFieldNames[key] ?? key] = value
        }
        return result
    }
}

extension JSONValue {
    /// The value as an id, when it is one: a sub-resource's parent id in its logged fields.
    var id: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// `/parent/{parentId}/children/{id}`, or the collection's path when the parent is unknown.
func nestedPath(_ parent: String, _ parentId: JSONValue?, _ children: String, _ id: Int64) -> String {
    guard let parentId = parentId?.id else { return "/\(children)/\(id)" }
    return "/\(parent)/\(parentId)/\(children)/\(id)"
}

extension Axis: LoggedResource {
    public static let resourceName = "axes"
    public static let apiFieldNames = ["isOptional": "optional"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/axes/\(id)" }
}

extension Action: LoggedResource {
    public static let resourceName = "actions"
    public static let internalFields: Set<String> = ["titleKey"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/actions/\(id)" }
}

extension ActionIndicator: LoggedResource {
    public static let resourceName = "indicators"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        nestedPath("actions", fields["actionId"], "indicators", id)
    }
}

extension IndicatorMeasurement: LoggedResource {
    public static let resourceName = "measurements"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        guard let actionId = fields["actionId"]?.id, let indicatorId = fields["indicatorId"]?.id else {
            return "/measurements/\(id)"
        }
        return "/actions/\(actionId)/indicators/\(indicatorId)/measurements/\(id)"
    }
}

extension Partner: LoggedResource {
    public static let resourceName = "partners"
    public static let internalFields: Set<String> = ["nameKey"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/partners/\(id)" }
}

extension WorkingGroup: LoggedResource {
    public static let resourceName = "groups"
    public static let internalFields: Set<String> = ["nameKey"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/groups/\(id)" }
}

extension GroupMember: LoggedResource {
    /// Logged under the group's id (a membership has no id of its own); the partner's id is
    /// in its fields and in its path.
    public static let resourceName = "members"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        guard let partnerId = fields["partnerId"]?.id else { return "/groups/\(id)/members" }
        return "/groups/\(id)/members/\(partnerId)"
    }
}

extension GroupMeeting: LoggedResource {
    public static let resourceName = "meetings"
    public static let internalFields: Set<String> = ["startsAtUtc", "endsAtUtc"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        nestedPath("groups", fields["groupId"], "meetings", id)
    }
}

extension Committee: LoggedResource {
    public static let resourceName = "committees"
    public static let internalFields: Set<String> = ["nameKey"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/governance/committees/\(id)" }
}

extension CommitteeMeeting: LoggedResource {
    public static let resourceName = "committeeMeetings"
    public static let internalFields: Set<String> = ["startsAtUtc", "endsAtUtc"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        guard let committeeId = fields["committeeId"]?.id else { return "/governance/meetings/\(id)" }
        return "/governance/committees/\(committeeId)/meetings/\(id)"
    }
}

extension MeetingDecision: LoggedResource {
    public static let resourceName = "decisions"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        guard let committeeId = fields["committeeId"]?.id, let meetingId = fields["meetingId"]?.id else {
            return "/governance/decisions/\(id)"
        }
        return "/governance/committees/\(committeeId)/meetings/\(meetingId)/decisions/\(id)"
    }
}

extension MembershipStep: LoggedResource {
    public static let resourceName = "membership"
    public static let internalFields: Set<String> = ["sinceStart"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        nestedPath("partners", fields["partnerId"], "membership", id)
    }
}

extension Contact: LoggedResource {
    /// Personal data: only the audit trail shows the personal fields (see ``ContactService``).
    public static let resourceName = "contacts"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        nestedPath("partners", fields["partnerId"], "contacts", id)
    }
}

extension Document: LoggedResource {
    public static let resourceName = "documents"
    /// A change of a document is logged without saying whether the document is restricted (a
    /// title change carries no visibility), so the public feed and the histories never show a
    /// document's title and file name; `GET /documents/{id}` does, to whoever may read it.
    public static let auditOnlyFields: Set<String> = ["title", "fileName"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/documents/\(id)" }
}

extension FundingEnvelope: LoggedResource {
    public static let resourceName = "envelopes"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/funding/envelopes/\(id)" }
}

extension FundingAllocation: LoggedResource {
    public static let resourceName = "allocations"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        guard let envelopeId = fields["envelopeId"]?.id else { return "/funding/allocations/\(id)" }
        return "/funding/envelopes/\(envelopeId)/allocations/\(id)"
    }
}

extension FinancingLine: LoggedResource {
    public static let resourceName = "lines"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/funding/lines/\(id)" }
}

extension GrantRequest: LoggedResource {
    public static let resourceName = "grants"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/funding/grants/\(id)" }
}

extension GrantPayment: LoggedResource {
    public static let resourceName = "payments"
    public static func path(id: Int64, fields: [String: JSONValue]) -> String {
        guard let grantId = fields["grantId"]?.id else { return "/funding/payments/\(id)" }
        return "/funding/grants/\(grantId)/payments/\(id)"
    }
}

extension RoadmapRecord: LoggedResource {
    /// The singleton: its entry (``RoadmapChangeEntry``) is already shaped as the API's.
    public static let resourceName = "roadmap"
    public static let internalFields: Set<String> = ["id"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/roadmap" }
}

extension ApiToken: LoggedResource {
    /// Only in the audit trail (``ChangeService/privateEntities``).
    public static let resourceName = "tokens"
    public static let internalFields: Set<String> = ["secretHash"]
    public static func path(id: Int64, fields: [String: JSONValue]) -> String { "/tokens/\(id)" }
}

/// Every logged kind, by resource name: the vocabulary of the change log.
public enum LoggedResources {
    public static let all: [any LoggedResource.Type] = [
        RoadmapRecord.self, Axis.self, Action.self, ActionIndicator.self, IndicatorMeasurement.self, Partner.self,
        WorkingGroup.self,
        GroupMember.self, GroupMeeting.self, FundingEnvelope.self, FundingAllocation.self, FinancingLine.self,
        GrantRequest.self, GrantPayment.self, Committee.self, CommitteeMeeting.self, MeetingDecision.self,
        MembershipStep.self, Contact.self, Document.self, ApiToken.self,
    ]
}
