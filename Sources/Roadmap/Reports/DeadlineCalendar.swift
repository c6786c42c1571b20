import Foundation
import GRDB

/// The roadmap's deadlines as an iCalendar feed (RFC 5545), for the whole roadmap or for one
/// partner: the planned end of each action, the date each indicator was or is to be measured,
/// the end of validity of each envelope, and the end of the payment period of each grant
/// request still alive (not refused nor withdrawn). Each deadline is an all-day event with a
/// stable UID (`action-<id>-end`, `indicator-<id>-measure`, `envelope-<id>-end`,
/// `grant-<id>-payments-end`), so that a moved date replaces the old one in the subscriber's
/// calendar. A partner's feed holds the deadlines of the actions it leads or contributes to
/// (and their indicators), of the envelopes it funds, and of the grants it benefits from.
public struct DeadlineCalendar: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// The feed of the whole roadmap (`partnerId` nil) or of one partner (404 if unknown).
    public func feed(partnerId: Int64?) async throws -> String {
        try await database.read { db in
            var name = "Échéances de la feuille de route France Numérique Ensemble (Gers)"
            if let partnerId {
                let partner = try Partner.find(db, id: partnerId)
                name = "Échéances de « \(partner.name) » — France Numérique Ensemble (Gers)"
            }
            return ICalendar.document(name: name, entries: try DeadlineCalendar.entries(db, partnerId: partnerId))
        }
    }

    static func entries(_ db: Database, partnerId: Int64?) throws -> [ICalendar.Entry] {
        var entries: [(day: CalendarDate, entry: ICalendar.Entry)] = []
        let partnerActions =
            partnerId.map { _ in
                "AND (action.leadPartnerId = :partner OR action.id IN (SELECT actionId FROM actionPartner WHERE partnerId = :partner))"
            } ?? ""
        let arguments: StatementArguments = partnerId.map { ["partner": $0] } ?? [:]
        for action in try Action.fetchAll(
            db, sql: "SELECT * FROM action WHERE endOn IS NOT NULL \(partnerActions) ORDER BY id", arguments: arguments)
        {
            guard let end = action.endOn else { continue }
            entries.append(
                (
                    end,
                    ICalendar.Entry(
                        uid: "action-\(action.id!)-end", modified: action.updatedAt, timing: .day(end),
                        summary: "Fin prévue de l'action « \(action.title) »",
                        description: "Statut : \(action.status.frenchLabel)")
                ))
        }
        let indicators = try Row.fetchAll(
            db,
            sql: """
                SELECT actionIndicator.*, action.title AS actionTitle FROM actionIndicator JOIN action ON action.id = actionIndicator.actionId
                WHERE actionIndicator.measuredOn IS NOT NULL \(partnerActions) ORDER BY actionIndicator.id
                """, arguments: arguments)
        for row in indicators {
            let indicator = try ActionIndicator(row: row)
            guard let day = indicator.measuredOn else { continue }
            entries.append(
                (
                    day,
                    ICalendar.Entry(
                        uid: "indicator-\(indicator.id!)-measure", modified: indicator.updatedAt, timing: .day(day),
                        summary:
                            "Mesure de l'indicateur « \(indicator.name) » (action « \(row["actionTitle"] as String) »)",
                        description:
                            "Valeur : \(indicator.currentValue) / \(indicator.targetValue) \(indicator.unit)")
                ))
        }
        let funder = partnerId.map { _ in "AND funderId = :partner" } ?? ""
        for envelope in try FundingEnvelope.fetchAll(
            db, sql: "SELECT * FROM fundingEnvelope WHERE validUntil IS NOT NULL \(funder) ORDER BY id",
            arguments: arguments)
        {
            guard let end = envelope.validUntil else { continue }
            entries.append(
                (
                    end,
                    ICalendar.Entry(
                        uid: "envelope-\(envelope.id!)-end", modified: envelope.updatedAt, timing: .day(end),
                        summary: "Fin de l'enveloppe « \(envelope.label) »",
                        description: "Montant : \(Money.french(envelope.amountCents))")
                ))
        }
        let beneficiary =
            partnerId.map { _ in
                "AND grantRequest.id IN (SELECT grantId FROM grantBeneficiary WHERE partnerId = :partner)"
            } ?? ""
        let grants = try Row.fetchAll(
            db,
            sql: """
                SELECT grantRequest.*, action.title AS actionTitle FROM grantRequest JOIN action ON action.id = grantRequest.actionId
                WHERE grantRequest.paymentPeriodEnd IS NOT NULL AND grantRequest.status NOT IN ('refused', 'withdrawn') \(beneficiary)
                ORDER BY grantRequest.id
                """, arguments: arguments)
        for row in grants {
            let grant = try GrantRequest(row: row)
            guard let end = grant.paymentPeriodEnd else { continue }
            entries.append(
                (
                    end,
                    ICalendar.Entry(
                        uid: "grant-\(grant.id!)-payments-end", modified: grant.updatedAt, timing: .day(end),
                        summary:
                            "Fin des versements de la demande de subvention n° \(grant.id!) (action « \(row["actionTitle"] as String) »)",
                        description: "Statut : \(grant.status.frenchLabel)")
                ))
        }
        return entries.sorted { ($0.day, $0.entry.uid) < ($1.day, $1.entry.uid) }.map(\.entry)
    }
}
