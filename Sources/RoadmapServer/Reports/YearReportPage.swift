import Roadmap

/// The yearly report as a page a person reads and prints (`/reports/{year}.html`): French, no
/// script and no external resource, charts drawn as inline SVG by ``BarChart``. Each chart is
/// an image whose text alternative is the table that follows it, with the same figures; every
/// figure of the JSON report that the page shows carries its exact value in `data-value`, so
/// that a check can compare the page with `/reports/{year}` (scripts/check-report-page).
///
/// Printing: black on white, bars that carry their figures and differ by pattern as well as
/// by shade, table headers repeated on each page.
struct YearReportPage {
    let report: YearReport

    var html: String {
        let title = "Bilan \(report.year) de la feuille de route France Numérique Ensemble du Gers"
        let main: Markup = """
            <p>Chiffres au <time datetime="\(report.asOf.description)">\(FrenchText.date(report.asOf))</time>\(report.asOf.description.hasSuffix("-12-31") ? "" : " (année en cours)"). Montants en euros ; avancement en pourcentage.</p>
            \(contents)
            \(progressSection)
            \(fundingSection)
            \(report.axes.map(axisSection))
            \(changesSection)
            """
        return FrenchPage(
            title: title, main: main,
            footer:
                "<footer><p>Page produite par fne-api à partir de <a href=\"/reports/\(report.year)\">/reports/\(report.year)</a> (JSON).</p></footer>"
        ).html
    }

    /// Links to the sections: what a keyboard reaches first in the main content.
    private var contents: Markup {
        let axes: [Markup] = report.axes.map {
            "<li><a href=\"#axe-\($0.axis.number)\">Axe \($0.axis.number) : \($0.axis.title)</a></li>"
        }
        return """
            <nav aria-label="Sommaire"><ul>\
            <li><a href="#avancement">Avancement par axe</a></li><li><a href="#financements">Financements de l'année</a></li>\
            \(axes)<li><a href="#changements">Ce qui a changé dans l'année</a></li></ul></nav>
            """
    }

    // MARK: Progress per axis

    private var progressSection: Markup {
        let chart = BarChart(
            id: "graphique-avancement", title: "Avancement moyen des actions par axe",
            description: report.axes.map {
                "Axe \($0.axis.number) : \(FrenchText.percent($0.summary.averageProgressBasisPoints ?? 0))"
            }.joined(separator: " ; "),
            groups: report.axes.map { axis in
                BarChart.Group(
                    label: "Axe \(axis.axis.number)",
                    bars: [
                        .init(
                            value: Int64(axis.summary.averageProgressBasisPoints ?? 0),
                            text: FrenchText.percent(axis.summary.averageProgressBasisPoints ?? 0), fill: .solid)
                    ])
            }, maximum: 10_000)
        let rows: [Markup] = report.axes.map { axis in
            let counts = ActionStatus.allCases.map { status -> Markup in
                let count = axis.summary.byStatus[status] ?? 0
                return "<td data-value=\"\(count)\" data-field=\"byStatus.\(status.rawValue)\">\(count)</td>"
            }
            let average = axis.summary.averageProgressBasisPoints
            return """
                <tr data-axis="\(Int(axis.axis.id!))"><th scope="row">Axe \(axis.axis.number) : \(axis.axis.title)</th>\
                <td data-value="\(axis.summary.total)" data-field="total">\(axis.summary.total)</td>\(counts)\
                <td data-value="\(axis.summary.late)" data-field="late">\(axis.summary.late)</td>\
                <td data-value="\(average.map { String($0) } ?? "")" data-field="averageProgressBasisPoints">\(average.map(FrenchText.percent) ?? "—")</td></tr>
                """
        }
        let statusHeaders: [Markup] = ActionStatus.allCases.map { "<th scope=\"col\">\($0.frenchLabel)</th>" }
        return """
            <section aria-labelledby="avancement"><h2 id="avancement">Avancement par axe</h2>
            <figure>\(chart.svg)<figcaption>Avancement moyen des actions de l'année qui ne sont pas abandonnées, au \(FrenchText.date(report.asOf)) ; les mêmes chiffres sont dans le tableau ci-dessous.</figcaption></figure>
            <table id="table-avancement"><caption>Actions de l'année par statut, en retard et avancement moyen, par axe</caption>
            <thead><tr><th scope="col">Axe</th><th scope="col">Actions</th>\(statusHeaders)<th scope="col">En retard</th><th scope="col">Avancement moyen</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            """
    }

    // MARK: Funding per envelope

    private var fundingSection: Markup {
        let envelopes = report.funding.envelopes
        let maximum = envelopes.map { max($0.flows.amountCents, $0.flows.requestedCents) }.max() ?? 0
        let chart = BarChart(
            id: "graphique-financements", title: "Financements de l'année par enveloppe",
            description: envelopes.map {
                "\($0.label) : enveloppe \(Money.french($0.flows.amountCents)), demandé \(Money.french($0.flows.requestedCents)), accordé \(Money.french($0.flows.grantedCents)), versé \(Money.french($0.flows.paidCents))"
            }.joined(separator: " ; "),
            groups: envelopes.map { envelope in
                BarChart.Group(
                    label: envelope.label,
                    bars: [
                        .init(
                            value: envelope.flows.amountCents,
                            text: "Enveloppe \(Money.french(envelope.flows.amountCents))", fill: .outline),
                        .init(
                            value: envelope.flows.requestedCents,
                            text: "Demandé \(Money.french(envelope.flows.requestedCents))", fill: .hatched),
                        .init(
                            value: envelope.flows.grantedCents,
                            text: "Accordé \(Money.french(envelope.flows.grantedCents))", fill: .grey),
                        .init(
                            value: envelope.flows.paidCents, text: "Versé \(Money.french(envelope.flows.paidCents))",
                            fill: .solid),
                    ])
            }, maximum: max(maximum, 1))
        func cells(_ flows: FundingFlows) -> Markup {
            """
            <td data-value="\(String(flows.amountCents))" data-field="amountCents">\(Money.french(flows.amountCents))</td>\
            <td data-value="\(String(flows.requestedCents))" data-field="requestedCents">\(Money.french(flows.requestedCents))</td>\
            <td data-value="\(String(flows.grantedCents))" data-field="grantedCents">\(Money.french(flows.grantedCents))</td>\
            <td data-value="\(String(flows.paidCents))" data-field="paidCents">\(Money.french(flows.paidCents))</td>
            """
        }
        let header: Markup =
            "<th scope=\"col\">Montant de l'enveloppe</th><th scope=\"col\">Demandé</th><th scope=\"col\">Accordé</th><th scope=\"col\">Versé</th>"
        let envelopeRows: [Markup] = envelopes.map { envelope in
            "<tr data-envelope=\"\(String(envelope.envelopeId))\"><th scope=\"row\">\(envelope.label)</th><td>\(envelope.funderName)</td>\(cells(envelope.flows))</tr>"
        }
        let funderRows: [Markup] = report.funding.funders.map { funder in
            "<tr data-funder=\"\(String(funder.funderId))\"><th scope=\"row\">\(funder.name)</th>\(cells(funder.flows))</tr>"
        }
        let chartOrNone: Markup =
            envelopes.isEmpty
            ? "<p>Aucune enveloppe ne concerne cette année.</p>"
            : "<figure>\(chart.svg)<figcaption>Pour chaque enveloppe : son montant, puis ce qui a été demandé, accordé et versé dans l'année ; les mêmes chiffres sont dans le tableau ci-dessous.</figcaption></figure>"
        return """
            <section aria-labelledby="financements"><h2 id="financements">Financements de l'année</h2>
            \(chartOrNone)
            <table id="table-enveloppes"><caption>Par enveloppe : demandes déposées, décisions d'attribution et versements de l'année</caption>
            <thead><tr><th scope="col">Enveloppe</th><th scope="col">Financeur</th>\(header)</tr></thead>
            <tbody>\(envelopeRows)</tbody>
            <tfoot><tr data-totals="funding"><th scope="row" colspan="2">Total</th>\(cells(report.funding.totals))</tr></tfoot></table>
            <table id="table-financeurs"><caption>Par financeur</caption>
            <thead><tr><th scope="col">Financeur</th>\(header)</tr></thead>
            <tbody>\(funderRows)</tbody></table>
            </section>
            """
    }

    // MARK: One axis

    private func axisSection(_ axis: AxisYear) -> Markup {
        let id = "axe-\(axis.axis.number)"
        let actionRows: [Markup] = axis.actions.map { action in
            """
            <tr data-action="\(String(action.id))"><td>\(String(action.id))</td><th scope="row">\(action.title)</th>\
            <td data-value="\(action.status.rawValue)" data-field="status">\(action.status.frenchLabel)</td>\
            <td data-value="\(action.late ? "true" : "false")" data-field="late">\(action.late ? "oui" : "non")</td>\
            <td data-value="\(action.progressBasisPoints)" data-field="progressBasisPoints">\(FrenchText.percent(action.progressBasisPoints))</td>\
            <td>\(action.startOn.map(FrenchText.date) ?? "—")</td><td>\(action.endOn.map(FrenchText.date) ?? "—")</td>\
            <td data-value="\(action.budgetCents.map { String($0) } ?? "")" data-field="budgetCents">\(action.budgetCents.map(Money.french) ?? "—")</td></tr>
            """
        }
        let indicatorRows: [Markup] = axis.indicators.map { indicator in
            """
            <tr data-indicator="\(String(indicator.indicatorId))"><td>\(String(indicator.actionId))</td><th scope="row">\(indicator.name) (\(indicator.unit))</th>\
            <td data-value="\(String(indicator.startValue))" data-field="startValue">\(String(indicator.startValue))</td>\
            <td data-value="\(String(indicator.endValue))" data-field="endValue">\(String(indicator.endValue))</td>\
            <td data-value="\(String(indicator.targetValue))" data-field="targetValue">\(String(indicator.targetValue))</td>\
            <td data-value="\(indicator.achievementBasisPoints)" data-field="achievementBasisPoints">\(FrenchText.percent(indicator.achievementBasisPoints))</td></tr>
            """
        }
        let actions: Markup =
            axis.actions.isEmpty
            ? "<p>Aucune action de cet axe ne couvre l'année.</p>"
            : """
            <table><caption>Actions de l'axe \(axis.axis.number) au \(FrenchText.date(report.asOf))</caption>
            <thead><tr><th scope="col">N°</th><th scope="col">Action</th><th scope="col">Statut</th><th scope="col">En retard</th><th scope="col">Avancement</th><th scope="col">Début</th><th scope="col">Fin</th><th scope="col">Budget</th></tr></thead>
            <tbody>\(actionRows)</tbody></table>
            """
        let indicators: Markup =
            axis.indicators.isEmpty
            ? ""
            : """
            <table><caption>Indicateurs des actions de l'axe \(axis.axis.number) : valeur au début et à la fin de l'année</caption>
            <thead><tr><th scope="col">Action</th><th scope="col">Indicateur</th><th scope="col">Au 1er janvier</th><th scope="col">Au \(FrenchText.date(report.asOf))</th><th scope="col">Cible</th><th scope="col">Réalisation</th></tr></thead>
            <tbody>\(indicatorRows)</tbody></table>
            """
        return """
            <section aria-labelledby="\(id)" data-axis-section="\(Int(axis.axis.id!))"><h2 id="\(id)">Axe \(axis.axis.number) : \(axis.axis.title)\(axis.axis.isOptional ? " (optionnel)" : "")</h2>
            \(actions)
            \(indicators)
            </section>
            """
    }

    // MARK: Changes

    private var changesSection: Markup {
        let rows: [Markup] = report.changes.map { count in
            """
            <tr data-resource="\(count.resource)"><th scope="row">\(FrenchText.resource(count.resource))</th>\
            <td data-value="\(count.created)" data-field="created">\(count.created)</td>\
            <td data-value="\(count.updated)" data-field="updated">\(count.updated)</td>\
            <td data-value="\(count.deleted)" data-field="deleted">\(count.deleted)</td></tr>
            """
        }
        let moves: [Markup] = report.statusMoves.map { move in
            "<tr><td>\(FrenchText.date(move.on))</td><td>\(String(move.actionId))</td><th scope=\"row\">\(move.title)</th><td>\(move.from.frenchLabel)</td><td>\(move.to.frenchLabel)</td></tr>"
        }
        let movesTable: Markup =
            moves.isEmpty
            ? "<p>Aucune action n'a changé de statut dans l'année.</p>"
            : """
            <table id="table-statuts"><caption>Changements de statut des actions dans l'année</caption>
            <thead><tr><th scope="col">Date</th><th scope="col">N°</th><th scope="col">Action</th><th scope="col">Avant</th><th scope="col">Après</th></tr></thead>
            <tbody>\(moves)</tbody></table>
            """
        let countsTable: Markup =
            rows.isEmpty
            ? "<p>Aucun changement enregistré dans l'année.</p>"
            : """
            <table id="table-changements"><caption>Enregistrements créés, modifiés et supprimés dans l'année</caption>
            <thead><tr><th scope="col">Ressource</th><th scope="col">Créés</th><th scope="col">Modifiés</th><th scope="col">Supprimés</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return """
            <section aria-labelledby="changements"><h2 id="changements">Ce qui a changé dans l'année</h2>
            \(countsTable)
            \(movesTable)
            \(differenceTable)
            </section>
            """
    }

    /// The roadmap at `asOf` against the roadmap just before 1 January.
    private var differenceTable: Markup {
        DifferenceTable(
            diff: report.difference,
            caption:
                "La feuille de route au \(FrenchText.date(report.asOf)) comparée à celle du 1er janvier : éléments ajoutés, supprimés et modifiés",
            empty: "La feuille de route est la même au début et à la fin de l'année."
        ).markup
    }

    static let style: Markup = """
        body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:60rem;padding:0 1rem;line-height:1.5}\
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;outline:3px solid #1a1a1a}\
        a{color:#003a8c}a:focus{outline:3px solid #1a1a1a}\
        h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #1a1a1a;margin-top:2rem}\
        table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:bold;padding:.25rem 0}\
        th,td{border:1px solid #595959;padding:.25rem .5rem;text-align:left;vertical-align:top}\
        td[data-value]{text-align:right;white-space:nowrap}thead th{background:#e8e8e8}\
        figure{margin:1rem 0}figcaption{font-size:.9rem}svg{max-width:100%;height:auto}\
        header,footer{font-size:.9rem;color:#333}\
        @media print{.skip{display:none}a{color:#000}thead{display:table-header-group}tr,figure{break-inside:avoid}h2{break-after:avoid}@page{size:A4;margin:15mm}}
        """
}

/// French writing of the page's dates, percentages and resource names.
enum FrenchText {
    private static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre",
    ]

    /// `2025-12-31` → `31 décembre 2025` (`1er` for the first of the month).
    static func date(_ day: CalendarDate) -> String {
        "\(day.day == 1 ? "1er" : String(day.day)) \(months[day.month - 1]) \(day.year)"
    }

    /// Basis points as a French percentage: `3750` → `37,50 %`.
    static func percent(_ basisPoints: Int) -> String {
        let rest = basisPoints % 100
        return "\(basisPoints / 100),\(rest < 10 ? "0" : "")\(rest)\u{A0}%"
    }

    /// What names a resource in a list: its title, name or label, else its path.
    static func label(_ entry: RoadmapSnapshot.Entry) -> String { entry.label ?? entry.path }

    /// A field's value as a person reads it: amounts in euros, statuses in French, texts in
    /// quotes, « vide » for none.
    static func value(_ value: JSONValue?, field: String) -> String {
        switch value {
        case nil, .null?: "(vide)"
        case .string(let raw)? where field == "status":
            ActionStatus(rawValue: raw)?.frenchLabel ?? GrantStatus(rawValue: raw)?.frenchLabel ?? "« \(raw) »"
        case .integer(let number)? where field.hasSuffix("Cents"): Money.french(number)
        case .integer(let number)?: String(number)
        case .number(let number)?: String(number)
        case .bool(let flag)?: flag ? "oui" : "non"
        case .string(let text)?: "« \(text) »"
        case .array(let items)?: "[" + items.map { Self.value($0, field: "") }.joined(separator: ", ") + "]"
        case .object?: "(objet)"
        }
    }

    /// A resource of the change log, as staff call it.
    static func resource(_ name: String) -> String {
        switch name {
        case "roadmap": "Feuille de route"
        case "axes": "Axes"
        case "actions": "Actions"
        case "indicators": "Indicateurs"
        case "measurements": "Mesures d'indicateurs"
        case "partners": "Partenaires"
        case "groups": "Groupes de travail"
        case "members": "Membres des groupes"
        case "meetings": "Réunions des groupes de travail"
        case "envelopes": "Enveloppes"
        case "allocations": "Attributions directes"
        case "lines": "Lignes de cofinancement"
        case "grants": "Demandes de subvention"
        case "payments": "Versements"
        case "committees": "Comités de la gouvernance"
        case "committeeMeetings": "Réunions des comités"
        case "decisions": "Décisions des comités"
        case "membership": "Adhésions à la gouvernance"
        case "contacts": "Contacts des partenaires"
        case "documents": "Documents"
        default: name
        }
    }
}
