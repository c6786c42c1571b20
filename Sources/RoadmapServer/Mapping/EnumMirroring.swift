import Roadmap
import RoadmapAPI

/// Enums that the contract and the domain both declare (statuses, kinds, roles, sort orders), bridged by
/// their raw values, which are the words of the API.
///
/// The two sides must declare the same cases: `EnumMirroringTests` walks every pair over
/// `allCases` in both directions, so a case added on one side only fails the tests, never a
/// request. The list of pairs below is what that test walks.
extension RawRepresentable where RawValue == String {
    /// The case of `Self` with the raw value of `other`.
    init<Other: RawRepresentable>(mirroring other: Other) where Other.RawValue == String {
        guard let value = Self(rawValue: other.rawValue) else {
            preconditionFailure("\(Self.self) has no case '\(other.rawValue)' of \(Other.self): see EnumMirroringTests")
        }
        self = value
    }
}

/// Every enum of the contract with its domain twin.
enum MirroredEnums {
    /// (contract cases, domain cases) as raw values, per pair.
    static let pairs: [(name: String, contract: [String], domain: [String])] = [
        pair(Components.Schemas.PartnerKind.self, PartnerKind.self),
        pair(Components.Schemas.PartnerRole.self, PartnerRole.self),
        pair(Components.Schemas.MemberRole.self, GroupMemberRole.self),
        pair(Components.Schemas.ActionStatus.self, ActionStatus.self),
        pair(Components.Schemas.GrantStatus.self, GrantStatus.self),
        pair(Components.Schemas.PaymentConditions.self, PaymentConditions.self),
        pair(Components.Schemas.GrantNature.self, GrantNature.self),
        pair(Components.Schemas.CommitteeType.self, CommitteeType.self),
        pair(Components.Schemas.CommitteeFrequency.self, CommitteeFrequency.self),
        pair(Components.Schemas.MembershipStatus.self, MembershipStatus.self),
        pair(Components.Schemas.DocumentVisibility.self, DocumentVisibility.self),
        pair(Components.Schemas.DocumentAttachedTo.self, DocumentSubject.Kind.self),
        pair(Components.Parameters.CSVSeparator.self, CSVDocument.Separator.self),
        pair(Components.Schemas.Role.self, AccessRole.self),
        pair(Components.Schemas.ChangeBase.OperationPayload.self, ChangeRecord.Operation.self),
        pair(Operations.ListAxes.Input.Query.SortPayload.self, Sort<AxisSortField>.self),
        pair(Operations.ListActions.Input.Query.SortPayload.self, Sort<ActionSortField>.self),
        pair(Operations.ListPartners.Input.Query.SortPayload.self, Sort<PartnerSortField>.self),
        pair(Operations.ListGroups.Input.Query.SortPayload.self, Sort<GroupSortField>.self),
        pair(Operations.ListCommittees.Input.Query.SortPayload.self, Sort<CommitteeSortField>.self),
    ]

    private static func pair<Contract: CaseIterable & RawRepresentable, Domain: CaseIterable & RawRepresentable>(
        _ contract: Contract.Type, _ domain: Domain.Type
    ) -> (name: String, contract: [String], domain: [String])
    where Contract.RawValue == String, Domain.RawValue == String {
        ("\(Contract.self) / \(Domain.self)", Contract.allCases.map(\.rawValue), Domain.allCases.map(\.rawValue))
    }
}
