/// The French words for the values of the roadmap's vocabularies, as Gers Numérique staff
/// write them, so that no front end hard-codes « en cours » for `in_progress`. Each is an
/// exhaustive `switch`: a case added to a vocabulary does not compile without its label.
public protocol FrenchLabelled: CaseIterable, RawRepresentable<String> {
    /// The label shown to people, in French.
    var frenchLabel: String { get }
}

extension FrenchLabelled {
    /// Every value (as the API writes it) with its French label.
    public static var frenchLabels: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.frenchLabel) })
    }
}

extension ActionStatus: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .draft: "Brouillon"
        case .planned: "Planifiée"
        case .inProgress: "En cours"
        case .done: "Terminée"
        case .abandoned: "Abandonnée"
        }
    }
}

extension PartnerKind: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .stateService: "Service de l'État"
        case .departement: "Département"
        case .epci: "Intercommunalité (EPCI)"
        case .commune: "Commune"
        case .association: "Association"
        case .gip: "Groupement d'intérêt public"
        case .company: "Entreprise"
        case .network: "Réseau"
        case .other: "Autre"
        }
    }
}

extension PartnerRole: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .signatory: "Signataire"
        case .pilot: "Pilote"
        case .governanceMember: "Membre de la gouvernance"
        case .funder: "Financeur"
        case .consultant: "Cabinet de conseil"
        case .coordinator: "Coordination"
        case .workingGroupMember: "Membre d'un groupe de travail"
        }
    }
}

extension GroupMemberRole: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .lead: "Animateur du groupe"
        case .member: "Membre"
        }
    }
}

extension AccessRole: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .reader: "Lecture"
        case .editor: "Édition"
        case .admin: "Administration"
        }
    }
}

extension ChangeRecord.Operation: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .create: "Création"
        case .update: "Modification"
        case .delete: "Suppression"
        }
    }
}

extension GrantStatus: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .submitted: "Déposée"
        case .underReview: "En instruction"
        case .accepted: "Accordée"
        case .refused: "Refusée"
        case .conventioned: "Conventionnée"
        case .closed: "Soldée"
        case .withdrawn: "Retirée"
        }
    }
}

extension PaymentConditions: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .single: "Unique"
        case .instalments: "Échelonné"
        case .other: "Autre"
        }
    }
}

extension GrantNature: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .cash: "Aide en numéraire"
        case .inKind: "Aide en nature"
        }
    }
}

extension CommitteeType: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .steering: "Comité de pilotage"
        case .technical: "Comité technique"
        case .advisory: "Comité consultatif"
        case .other: "Autre"
        }
    }
}

extension CommitteeFrequency: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .monthly: "Mensuelle"
        case .quarterly: "Trimestrielle"
        case .halfYearly: "Semestrielle"
        case .yearly: "Annuelle"
        case .other: "Autre"
        }
    }
}

extension MembershipStatus: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .candidate: "Candidat"
        case .member: "Membre"
        case .withdrawn: "Retiré"
        }
    }
}

extension DocumentVisibility: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .public: "Public"
        case .restricted: "Restreint"
        }
    }
}

extension DocumentSubject.Kind: FrenchLabelled {
    public var frenchLabel: String {
        switch self {
        case .roadmap: "Feuille de route"
        case .action: "Action"
        case .grant: "Demande de subvention"
        case .groupMeeting: "Réunion de groupe de travail"
        case .committeeMeeting: "Réunion de comité"
        }
    }
}
