import Foundation
import GRDB

/// The grants as an open-data file in the SCDL « subventions » format, schema 2.1.1
/// (schema.data.gouv.fr): one row per beneficiary of each conventioned or closed grant
/// request, valid by construction. A grant that lacks something the schema requires is not
/// exported; ``exportReadiness()`` lists it with exactly what it lacks, so that staff complete
/// it before publishing. Allocations and co-financing lines are not grants to anyone and are
/// not in the file.
///
/// The columns: the attributor is the envelope's funder (name, SIRET); the beneficiary the
/// partner (name, SIRET, or RNA number for an association without SIRET); `dateConvention`,
/// `referenceDecision` from the grant; `objet` its purpose, or the action's title (at most 256
/// characters: a longer one is listed as lacking, never cut); `montant` the whole granted
/// amount in euros, before it is shared (the schema's words: « calculé avant répartition entre
/// les bénéficiaires »); `pourcentageSubvention` the beneficiary's share of it (`1.0000` for a
/// single beneficiary, 4 decimals, the shares adding up to exactly 1; at least 0.01); `nature` and
/// `conditionsVersement` in the schema's French words; `datesPeriodeVersement` the first and
/// last payment dates, or the planned period while none is recorded; `idRAE` empty (the
/// roadmap does not hold it); `notificationUE` `oui` or `non`; `dispositifAide` the envelope's
/// label. The schema's meaning wins over a looser reading of « percentage »: the share of the
/// action's budget that the grant covers is in the financing plan (`coverageBasisPoints`).
/// Written as a ``CSVDocument``: UTF-8 with a byte-order mark, comma-separated, RFC 4180.
extension FundingService {
    /// The SCDL subventions 2.1.1 columns, in the schema's order.
    public static let scdlColumns = [
        "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
        "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE",
        "notificationUE", "pourcentageSubvention", "dispositifAide",
    ]

    /// The CSV file (``CSVDocument``: comma-separated, as the SCDL requires).
    public func exportCSV() async throws -> String {
        let rows = try await database.read { db in try FundingService.scdlRows(db) }
        var document = CSVDocument(header: FundingService.scdlColumns)
        let numbers: Set<String> = ["montant", "pourcentageSubvention"]
        for row in rows where row.missing.isEmpty {
            document.append(
                zip(FundingService.scdlColumns, row.values).map { column, value in
                    numbers.contains(column) ? .number(value) : .text(value)
                })
        }
        return try document.text()
    }

    /// The conventioned or closed grants the file cannot list yet, each beneficiary with the
    /// columns it lacks.
    public func exportReadiness() async throws -> [ExportReadiness] {
        try await database.read { db in
            try FundingService.scdlRows(db).filter { !$0.missing.isEmpty }.map {
                ExportReadiness(grantId: $0.grantId, partnerId: $0.partnerId, missing: $0.missing)
            }
        }
    }

    /// One row of the file, or the columns it lacks.
    struct SCDLRow {
        let grantId: Int64
        let partnerId: Int64
        let values: [String]
        let missing: [String]
    }

    static func scdlRows(_ db: Database) throws -> [SCDLRow] {
        let grants = try GrantRequest.filter(
            GrantStatus.published.map(\.rawValue).contains(GrantRequest.Columns.status)
        )
        .order(GrantRequest.Columns.id).fetchAll(db)
        var rows: [SCDLRow] = []
        for detail in try GrantService.details(db, grants) {
            let grant = detail.grant
            let envelope = try FundingEnvelope.find(db, id: grant.envelopeId)
            let funder = try Partner.find(db, id: envelope.funderId)
            let action = try Action.find(db, id: grant.actionId)
            let payments = try CalendarDate.fetchAll(
                db, sql: "SELECT paidOn FROM grantPayment WHERE grantId = ? ORDER BY paidOn", arguments: [grant.id!])
            let period: String? =
                if let first = payments.first, let last = payments.last {
                    first == last ? "\(first)" : "\(first)/\(last)"
                } else if let start = grant.paymentPeriodStart {
                    grant.paymentPeriodEnd.map { $0 == start ? "\(start)" : "\(start)/\($0)" } ?? "\(start)"
                } else {
                    nil
                }
            let object = grant.purpose ?? action.title
            // Shares in basis points that add up to exactly 1 (largest remainder).
            let shares = GrantService.proportional(10_000, weights: detail.beneficiaries.map { $0.grantedCents ?? 0 })
            for (beneficiary, share) in zip(detail.beneficiaries, shares) {
                let percentage = share >= 100 ? decimal(share, places: 4) : nil
                let partner = try Partner.find(db, id: beneficiary.partnerId)
                var missing: [String] = []
                if funder.siret == nil { missing.append("idAttribuant") }
                if grant.conventionDate == nil { missing.append("dateConvention") }
                if partner.siret == nil, partner.rna == nil { missing += ["idBeneficiaire", "rnaBeneficiaire"] }
                // Lengths count code points, as the schema's validators and the API's rules do.
                if object.unicodeScalars.count > 256 { missing.append("objet") }
                if grant.grantedCents == nil { missing.append("montant") }
                if period == nil { missing.append("datesPeriodeVersement") }
                if percentage == nil { missing.append("pourcentageSubvention") }
                let values = [
                    funder.name, funder.siret ?? "", grant.conventionDate?.description ?? "",
                    grant.decisionReference ?? "", partner.name, partner.siret ?? "",
                    partner.siret == nil ? partner.rna ?? "" : "", object, Money.decimal(grant.grantedCents ?? 0),
                    grant.nature.scdl, grant.paymentConditions.scdl, period ?? "", "",
                    grant.euNotification ? "oui" : "non",
                    percentage ?? "", envelope.label,
                ]
                rows.append(SCDLRow(grantId: grant.id!, partnerId: partner.id!, values: values, missing: missing))
            }
        }
        return rows
    }

    /// `value` / 10^places as a decimal text (`2500`, 4 → `0.2500`).
    static func decimal(_ value: Int64, places: Int) -> String {
        var divisor: Int64 = 1
        for _ in 0..<places { divisor *= 10 }
        let fraction = String(value % divisor)
        return "\(value / divisor)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

}

/// A grant the SCDL file cannot list yet, for one beneficiary: the columns it lacks.
public struct ExportReadiness: Sendable, Equatable {
    public var grantId: Int64
    public var partnerId: Int64
    /// SCDL column names; `idBeneficiaire` and `rnaBeneficiaire` together when the beneficiary
    /// has neither (one of them is required).
    public var missing: [String]
}

extension GrantNature {
    /// The SCDL `nature` words.
    var scdl: String {
        switch self {
        case .cash: "aide en numéraire"
        case .inKind: "aide en nature"
        }
    }
}

extension PaymentConditions {
    /// The SCDL `conditionsVersement` words.
    var scdl: String {
        switch self {
        case .single: "unique"
        case .instalments: "échelonné"
        case .other: "autre"
        }
    }
}
