/// The territory the roadmap covers.
public struct Territory: Sendable, Equatable {
    public var name: String
    public var code: String

    public init(name: String, code: String) {
        self.name = name
        self.code = code
    }
}

/// Who pilots the roadmap.
public struct PilotInput: Sendable, Equatable {
    public var label: String
    public var representedBy: String?
    public var partnerId: Int64?

    public init(label: String, representedBy: String?, partnerId: Int64?) {
        self.label = label
        self.representedBy = representedBy
        self.partnerId = partnerId
    }
}

/// A co-signatory or a supporter: a text and, optionally, the partner it stands for.
public struct NamedPartnerInput: Sendable, Equatable {
    public var text: String
    public var partnerId: Int64?

    public init(text: String, partnerId: Int64?) {
        self.text = text
        self.partnerId = partnerId
    }
}

/// A step of the timeline.
public struct MilestoneInput: Sendable, Equatable {
    public var label: String
    public var period: String
    public var periodLabel: String?
    public var description: String?
    public var participantsApprox: Int?

    public init(label: String, period: String, periodLabel: String?, description: String?, participantsApprox: Int?) {
        self.label = label
        self.period = period
        self.periodLabel = periodLabel
        self.description = description
        self.participantsApprox = participantsApprox
    }
}

/// A change to the roadmap (JSON merge patch): fields left at `.keep` are not touched, lists
/// are replaced whole. On a database without a roadmap, a patch that sets every required
/// field creates it (for territories other than the Gers).
public struct RoadmapPatch: Sendable {
    public var title: Patch<String> = .keep
    public var nationalPlan: Patch<String> = .keep
    public var territory: Patch<Territory> = .keep
    /// ISO 8601 date, validated by the service.
    public var signedOn: Patch<String> = .keep
    public var signingPlace: Patch<String> = .keep
    public var pilot: Patch<PilotInput> = .keep
    public var coSignatories: Patch<[NamedPartnerInput]> = .keep
    public var supporters: Patch<[NamedPartnerInput]> = .keep
    public var timeline: Patch<[MilestoneInput]> = .keep
    public var objective: Patch<String?> = .keep
    public var sourceUrl: Patch<String?> = .keep

    public init() {}
}
