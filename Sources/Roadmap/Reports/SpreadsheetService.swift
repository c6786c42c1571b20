import Foundation
import GRDB

/// The tables staff hand to people who work in spreadsheets: actions, partners, indicators and
/// grant requests as ``CSVDocument``s (UTF-8 with a byte-order mark, one header row, no formula
/// injection). Headers and vocabularies are in French, as staff read them; amounts in euros
/// with the decimal mark that goes with the separator (`.` with `,`, `,` with `;`), so that a
/// French spreadsheet opened on a `;` file reads them as numbers.
public struct SpreadsheetService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// Every action, by id: number, title, axis, group, status, late, lead partner, contributors,
    /// budget, start, end, progress and indicators.
    public func actions(separator: CSVDocument.Separator) async throws -> String {
        let today = clock.today
        let document = try await database.read { db in
            var document = CSVDocument(header: [
                "Numéro", "Titre", "Axe", "Groupe de travail", "Statut", "En retard", "Porteur", "Contributeurs",
                "Budget (€)", "Début", "Fin", "Avancement (%)", "Indicateurs",
            ])
            let names = try SpreadsheetService.names(db)
            let actions = try Action.order(Action.Columns.id).fetchAll(db)
            for detail in try ActionService.details(db, actions, today: today) {
                let action = detail.action
                let axis = names.axes[action.axisId]
                document.append([
                    .number("\(action.id!)"), .text(action.title),
                    .text(axis.map { "Axe \($0.number) : \($0.title)" } ?? ""),
                    .text(action.groupId.flatMap { names.groups[$0] } ?? ""), .text(action.status.frenchLabel),
                    .text(detail.isLate ? "oui" : "non"),
                    .text(action.leadPartnerId.flatMap { names.partners[$0] } ?? ""),
                    .text(detail.contributorIds.compactMap { names.partners[$0] }.joined(separator: " ; ")),
                    .number(action.budgetCents.map { Self.euros($0, separator) } ?? ""),
                    .text(action.startOn?.description ?? ""), .text(action.endOn?.description ?? ""),
                    .number(Self.percent(action.progressBasisPoints, separator)),
                    .text(
                        detail.indicators.map { "\($0.name) : \($0.currentValue)/\($0.targetValue) \($0.unit)" }
                            .joined(separator: " ; ")),
                ])
            }
            return document
        }
        return try document.text(separator: separator)
    }

    /// Every partner, by name: kind, roles, SIRET, RNA number, website, e-mail, working groups.
    public func partners(separator: CSVDocument.Separator) async throws -> String {
        let document = try await database.read { db in
            var document = CSVDocument(header: [
                "Numéro", "Nom", "Type", "Rôles", "SIRET", "RNA", "Site web", "Courriel", "Groupes de travail",
            ])
            let partners = try Partner.order(Partner.Columns.nameKey, Partner.Columns.id).fetchAll(db)
            for detail in try PartnerService.details(db, partners) {
                let partner = detail.partner
                document.append([
                    .number("\(partner.id!)"), .text(partner.name), .text(partner.kind.frenchLabel),
                    .text(detail.roles.map(\.frenchLabel).joined(separator: " ; ")), .text(partner.siret ?? ""),
                    .text(partner.rna ?? ""), .text(partner.website ?? ""), .text(partner.email ?? ""),
                    .text(detail.groups.map(\.groupName).joined(separator: " ; ")),
                ])
            }
            return document
        }
        return try document.text(separator: separator)
    }

    /// Every indicator of every action, by action then id: its target, baseline, current value
    /// and the date it was measured.
    public func indicators(separator: CSVDocument.Separator) async throws -> String {
        let document = try await database.read { db in
            var document = CSVDocument(header: [
                "Action", "Titre de l'action", "Indicateur", "Unité", "Valeur de départ", "Valeur actuelle", "Cible",
                "Mesuré le",
            ])
            let titles = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, title FROM action").map {
                    ($0[0] as Int64, $0[1] as String)
                })
            let indicators = try ActionIndicator.order(ActionIndicator.Columns.actionId, ActionIndicator.Columns.id)
                .fetchAll(db)
            for indicator in indicators {
                document.append([
                    .number("\(indicator.actionId)"), .text(titles[indicator.actionId] ?? ""), .text(indicator.name),
                    .text(indicator.unit), .number(indicator.baselineValue.map { "\($0)" } ?? ""),
                    .number("\(indicator.currentValue)"), .number("\(indicator.targetValue)"),
                    .text(indicator.measuredOn?.description ?? ""),
                ])
            }
            return document
        }
        return try document.text(separator: separator)
    }

    /// Every measurement of every indicator, by action, indicator, then day: the values over
    /// time, one row each, with the target to compare and where the figure comes from.
    public func measurements(separator: CSVDocument.Separator) async throws -> String {
        let document = try await database.read { db in
            var document = CSVDocument(header: [
                "Action", "Titre de l'action", "Indicateur", "Unité", "Mesuré le", "Valeur", "Cible", "Commentaire",
                "Source",
            ])
            let titles = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, title FROM action").map {
                    ($0[0] as Int64, $0[1] as String)
                })
            let indicators = try Dictionary(uniqueKeysWithValues: ActionIndicator.fetchAll(db).map { ($0.id!, $0) })
            let measurements = try IndicatorMeasurement.order(
                IndicatorMeasurement.Columns.actionId, IndicatorMeasurement.Columns.indicatorId,
                IndicatorMeasurement.Columns.measuredOn, IndicatorMeasurement.Columns.id
            ).fetchAll(db)
            for measurement in measurements {
                let indicator = indicators[measurement.indicatorId]
                document.append([
                    .number("\(measurement.actionId)"), .text(titles[measurement.actionId] ?? ""),
                    .text(indicator?.name ?? ""), .text(indicator?.unit ?? ""),
                    .text(measurement.measuredOn.description), .number("\(measurement.value)"),
                    .number(indicator.map { "\($0.targetValue)" } ?? ""), .text(measurement.comment ?? ""),
                    .text(measurement.source ?? ""),
                ])
            }
            return document
        }
        return try document.text(separator: separator)
    }

    /// Every grant request, by id: action, envelope, funder, status, beneficiaries, amounts
    /// requested, granted and paid, and its dates.
    public func grants(separator: CSVDocument.Separator) async throws -> String {
        let document = try await database.read { db in
            var document = CSVDocument(header: [
                "Numéro", "Action", "Enveloppe", "Financeur", "Statut", "Bénéficiaires", "Demandé (€)", "Accordé (€)",
                "Versé (€)", "Déposée le", "Décidée le", "Conventionnée le", "Référence de la décision",
            ])
            let names = try SpreadsheetService.names(db)
            let envelopes = try Dictionary(
                uniqueKeysWithValues: FundingEnvelope.fetchAll(db).map { ($0.id!, $0) })
            let titles = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, title FROM action").map {
                    ($0[0] as Int64, $0[1] as String)
                })
            let grants = try GrantRequest.order(GrantRequest.Columns.id).fetchAll(db)
            for detail in try GrantService.details(db, grants) {
                let grant = detail.grant
                let envelope = envelopes[grant.envelopeId]
                document.append([
                    .number("\(grant.id!)"), .text(titles[grant.actionId] ?? ""), .text(envelope?.label ?? ""),
                    .text(envelope.flatMap { names.partners[$0.funderId] } ?? ""), .text(grant.status.frenchLabel),
                    .text(detail.beneficiaries.map(\.partnerName).joined(separator: " ; ")),
                    .number(Self.euros(grant.requestedCents, separator)),
                    .number(grant.grantedCents.map { Self.euros($0, separator) } ?? ""),
                    .number(Self.euros(detail.paidCents, separator)), .text(grant.submittedOn.description),
                    .text(grant.decidedOn?.description ?? ""), .text(grant.conventionDate?.description ?? ""),
                    .text(grant.decisionReference ?? ""),
                ])
            }
            return document
        }
        return try document.text(separator: separator)
    }

    // MARK: Writing

    /// Euros with 2 decimals and the separator's decimal mark: `12345.60` or `12345,60`.
    static func euros(_ cents: Int64, _ separator: CSVDocument.Separator) -> String {
        Money.decimal(cents).replacingOccurrences(of: ".", with: separator.decimalMark)
    }

    /// Basis points as a percentage with 2 decimals: 2500 → `25.00` or `25,00`.
    static func percent(_ basisPoints: Int, _ separator: CSVDocument.Separator) -> String {
        euros(Int64(basisPoints), separator)
    }

    /// The names behind the ids a table shows.
    struct Names {
        var axes: [Int64: (number: Int, title: String)]
        var groups: [Int64: String]
        var partners: [Int64: String]
    }

    static func names(_ db: Database) throws -> Names {
        Names(
            axes: Dictionary(uniqueKeysWithValues: try Axis.fetchAll(db).map { ($0.id!, ($0.number, $0.title)) }),
            groups: Dictionary(uniqueKeysWithValues: try WorkingGroup.fetchAll(db).map { ($0.id!, $0.name) }),
            partners: Dictionary(uniqueKeysWithValues: try Partner.fetchAll(db).map { ($0.id!, $0.name) }))
    }
}
