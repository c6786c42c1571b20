import Foundation
import GRDB

/// The funding as an open-data file in the SCDL « subventions » format (schema 2.0 of
/// OpenDataFrance, schema.data.gouv.fr): one row per allocation (the action's lead partner
/// is the beneficiary), one row per envelope for its part not yet allocated, one row per
/// co-financing line whose amount is known. The rows of an envelope add up to the envelope.
///
/// Left empty, because the roadmap does not hold them: `referenceDecision` when there is no
/// decision reference, `idAttribuant`/`idBeneficiaire` without a SIRET, `dateConvention`
/// without a grant date, `datesPeriodeVersement`, `idRAE`, `notificationUE`,
/// `conditionsVersement`. A share whose base (the action's budget) is unknown has no amount
/// and is not exported. UTF-8 with a byte-order mark (so that spreadsheets show accents),
/// comma-separated, fields quoted when needed (RFC 4180), CRLF line ends.
extension FundingService {
    /// The SCDL subventions columns, in the schema's order.
    public static let scdlColumns = [
        "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
        "objet",
        "montant", "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE", "notificationUE",
        "pourcentageSubvention",
    ]

    public func exportCSV() async throws -> String {
        try await database.read { db in
            var rows: [[String]] = []
            let partners = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name, siret FROM partner").map {
                    ($0["id"] as Int64, (name: $0["name"] as String, siret: ($0["siret"] as String?) ?? ""))
                })
            for detail in try FundingService.details(
                db, try FundingEnvelope.order(FundingEnvelope.Columns.id).fetchAll(db))
            {
                let envelope = detail.envelope
                let funder = partners[envelope.funderId] ?? ("", "")
                let allocations = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT fundingAllocation.id, fundingAllocation.amountCents, action.title, action.leadPartnerId
                        FROM fundingAllocation JOIN action ON action.id = fundingAllocation.actionId WHERE envelopeId = ? ORDER BY fundingAllocation.id
                        """, arguments: [envelope.id!])
                for allocation in allocations {
                    let beneficiary = (allocation["leadPartnerId"] as Int64?).flatMap { partners[$0] } ?? ("", "")
                    rows.append(
                        row(
                            attribuant: funder, date: envelope.grantedOn,
                            reference: "enveloppe-\(envelope.id!)/affectation-\(allocation["id"] as Int64)",
                            beneficiary: beneficiary, object: allocation["title"], cents: allocation["amountCents"]))
                }
                if detail.remainingCents > 0 {
                    rows.append(
                        row(
                            attribuant: funder, date: envelope.grantedOn, reference: "enveloppe-\(envelope.id!)",
                            beneficiary: ("", ""),
                            object: envelope.purpose.map { "\(envelope.label) : \($0)" } ?? envelope.label,
                            cents: detail.remainingCents))
                }
            }
            for line in try FundingService.lineDetails(
                db, try FinancingLine.order(FinancingLine.Columns.id).fetchAll(db))
            {
                guard let cents = line.line.amountCents ?? line.derivedAmountCents else { continue }
                var object = line.line.purpose ?? ""
                var beneficiary: (name: String, siret: String) = ("", "")
                if let actionId = line.line.actionId, let action = try Action.fetchOne(db, key: actionId) {
                    object = action.title
                    beneficiary = action.leadPartnerId.flatMap { partners[$0] } ?? ("", "")
                }
                rows.append(
                    row(
                        attribuant: partners[line.line.funderId] ?? ("", ""), date: nil,
                        reference: "cofinancement-\(line.line.id!)",
                        beneficiary: beneficiary, object: object, cents: cents))
            }
            return "\u{FEFF}"
                + ([FundingService.scdlColumns] + rows).map { $0.map(FundingService.csvField).joined(separator: ",") }
                .joined(separator: "\r\n") + "\r\n"
        }
    }

    private func row(
        attribuant: (name: String, siret: String), date: CalendarDate?, reference: String,
        beneficiary: (name: String, siret: String), object: String, cents: Int64
    ) -> [String] {
        [
            attribuant.name, attribuant.siret, date?.description ?? "", reference, beneficiary.name, beneficiary.siret,
            String(object.prefix(256)), Money.decimal(cents), "aide en numéraire", "", "", "", "", "1.00",
        ]
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). A text
    /// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`;
    /// amounts are written by the exporter and never start that way but for a minus sign.
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
