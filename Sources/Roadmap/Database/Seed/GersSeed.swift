/// The facts of the Gers roadmap, as written in its launch announcement
/// (« Lancement de la feuille de route France Numérique Ensemble », Préfecture du Gers,
/// 24 January 2025; a copy is in Tests/RoadmapTests/Fixtures). Texts are quoted verbatim;
/// a test checks each one against the document. Nothing is invented: what the document does
/// not say (SIRET numbers, years of the envelopes, amounts behind the 20 %) stays empty.
enum GersSeed {
    struct PartnerFact {
        /// Stable handle used only inside the seed to link facts together.
        let handle: String
        let name: String
        let kind: PartnerKind
        let roles: [PartnerRole]
        let notes: String?
    }

    struct AxisFact {
        let number: Int
        let title: String
        let isOptional: Bool
    }

    struct GroupFact {
        let axisNumber: Int
        let name: String
    }

    struct EnvelopeFact {
        let funder: String
        let label: String
        let purpose: String
        let amountCents: Int64
    }

    struct FinancingFact {
        let funder: String
        let purpose: String
        let shareBasisPoints: Int
    }

    static let sourceUrl =
        "http://www.gers.gouv.fr/Actualites/Lancement-de-la-feuille-de-route-France-Numerique-Ensemble"

    static let partners: [PartnerFact] = [
        PartnerFact(
            handle: "prefecture", name: "Préfecture du Gers", kind: .stateService,
            roles: [.signatory, .pilot, .funder],
            notes:
                "L'État : le préfet du Gers cosigne la feuille de route ; le pilotage est mené sous l'égide de la préfecture, représentée par le sous-préfet de l'arrondissement de Mirande."
        ),
        PartnerFact(
            handle: "departement", name: "Conseil Départemental du Gers", kind: .departement, roles: [.signatory],
            notes: "Le président du Conseil Départemental cosigne la feuille de route."),
        PartnerFact(
            handle: "gers-numerique", name: "Gers Numérique", kind: .other,
            roles: [.signatory, .governanceMember, .funder],
            notes:
                "Le président de Gers Numérique cosigne la feuille de route. Membre de la gouvernance départementale de l'inclusion numérique."
        ),
        PartnerFact(
            handle: "gers-solidaire", name: "Gers Solidaire", kind: .association, roles: [.governanceMember], notes: nil
        ),
        PartnerFact(
            handle: "lomagne", name: "Communauté de communes de la Lomagne Gersoise", kind: .epci,
            roles: [.governanceMember], notes: nil),
        PartnerFact(
            handle: "garros", name: "Régie de quartier Garros Services", kind: .association, roles: [.governanceMember],
            notes: nil),
        PartnerFact(
            handle: "maires-ruraux", name: "Association des maires ruraux du Gers", kind: .association,
            roles: [.governanceMember], notes: nil),
        PartnerFact(handle: "rhinocc", name: "Hub Rhin'OCC", kind: .network, roles: [.governanceMember], notes: nil),
        PartnerFact(
            handle: "coll-in", name: "Association Coll-In", kind: .association, roles: [.governanceMember], notes: nil),
        PartnerFact(handle: "grades", name: "GIP Grades E Santé", kind: .gip, roles: [.governanceMember], notes: nil),
        PartnerFact(
            handle: "onx", name: "Cabinet ONX", kind: .company, roles: [.consultant],
            notes: "Appui à l'élaboration de la feuille de route durant l'année 2024."),
        PartnerFact(
            handle: "coordinatrice", name: "Coordinatrice départementale des conseillers numériques", kind: .other,
            roles: [.coordinator],
            notes: "Appui à l'élaboration de la feuille de route durant l'année 2024."),
    ]

    static let axes: [AxisFact] = [
        AxisFact(number: 1, title: "former et coordonner les acteurs de la médiation numérique", isOptional: false),
        AxisFact(
            number: 2,
            title:
                "renforcer les dispositifs de médiation numérique dans un esprit de solidarité et d'anticipation de l'évolution des usages",
            isOptional: false),
        AxisFact(
            number: 3,
            title:
                "équiper les Gersois et doter les lieux de médiation numérique de matériels adaptés aux usages en créant une filière de reconditionnement",
            isOptional: false),
        AxisFact(
            number: 4, title: "simplifier les démarches administratives gersoises pour les rendre plus accessibles",
            isOptional: true),
    ]

    static let groups: [GroupFact] = [
        GroupFact(
            axisNumber: 1, name: "Formation des médiateurs et pérennisation des postes de conseillers numériques"),
        GroupFact(axisNumber: 2, name: "Expérimentation et évolution des usages"),
        GroupFact(axisNumber: 3, name: "Filière locale de reconditionnement"),
    ]

    static let envelopes: [EnvelopeFact] = [
        EnvelopeFact(
            funder: "prefecture", label: "Élaboration et mise en œuvre de la feuille de route",
            purpose: "spécifiquement dédiée à l'élaboration et à la mise en œuvre de la feuille de route",
            amountCents: 4_100_000),
        EnvelopeFact(
            funder: "prefecture", label: "Recrutement de la coordinatrice départementale des conseillers numériques",
            purpose: "pour le recrutement de la coordinatrice départementale des conseillers numériques",
            amountCents: 5_000_000),
        EnvelopeFact(
            funder: "prefecture", label: "Formation du dispositif « Aidants connect »",
            purpose: "pour la formation du dispositif « Aidants connect »", amountCents: 2_000_000),
    ]

    static let financing: [FinancingFact] = [
        FinancingFact(
            funder: "gers-numerique", purpose: "recrutement du cabinet ONX et de la coordinatrice départementale",
            shareBasisPoints: 2_000)
    ]

    /// Each governance member's history: a candidate since the consultation (« à l'automne
    /// 2023 », an ISO 8601-2 season), a member since the launch and signature (24 January 2025).
    static let membership: [(status: MembershipStatus, since: String, note: String)] = [
        (
            .candidate, "2023-23",
            "Consultation générale lancée auprès des forces vives du territoire à l'automne 2023 afin de constituer une gouvernance départementale de l'inclusion numérique"
        ),
        (.member, "2025-01-24", "Réunion de lancement et signature de la feuille de route"),
    ]

    static let roadmapTitle = "Feuille de route territoriale France Numérique Ensemble"
    static let nationalPlan = "France Numérique Ensemble"
    static let territoryName = "Gers"
    static let territoryCode = "32"
    static let signedOn = CalendarDate("2025-01-24")!
    static let signingPlace = "Préfecture du Gers"
    static let pilotLabel = "État"
    static let pilotRepresentedBy = "sous-préfet de l'arrondissement de Mirande"
    static let pilotPartner = "prefecture"
    static let objective =
        "formalise un plan d'action départemental dédié à l'inclusion numérique, piloté par l'État et élaboré en concertation avec les acteurs locaux du secteur"

    static let coSignatories: [(title: String, partner: String)] = [
        ("préfet du Gers", "prefecture"),
        ("président du Conseil Départemental", "departement"),
        ("président de Gers Numérique", "gers-numerique"),
    ]

    static let supporters: [(label: String, partner: String)] = [
        ("cabinet ONX", "onx"),
        ("coordinatrice départementale des conseillers numériques", "coordinatrice"),
    ]

    static let timeline:
        [(label: String, period: String, periodLabel: String, description: String, participants: Int?)] = [
            (
                "Consultation générale des forces vives du territoire", "2023-23", "automne 2023",
                "afin de constituer une gouvernance départementale de l'inclusion numérique. Huit acteurs ont souhaité s'engager dans cette démarche",
                nil
            ),
            (
                "Élaboration de la feuille de route territoriale", "2024", "Durant l'année 2024",
                "avec l'appui du cabinet ONX et de la coordinatrice départementale des conseillers numériques", nil
            ),
            (
                "Réunion de lancement et signature de la feuille de route", "2025-01-24", "vendredi 24 janvier 2025",
                "en présence d'une cinquantaine d'acteurs locaux œuvrant dans le champ de l'inclusion numérique", 50
            ),
        ]
}
