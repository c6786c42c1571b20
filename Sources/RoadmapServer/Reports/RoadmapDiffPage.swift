import Foundation
import Roadmap

/// The difference between two states of the roadmap as a page a person reads and prints
/// (`/roadmap/diff.html`): the same figures as `/roadmap/diff`, in French, with the yearly
/// report's style (no script, no external resource, black on white).
struct RoadmapDiffPage {
    let diff: RoadmapDiff
    let query: String

    var html: String {
        let title = "Ce qui a changé dans la feuille de route France Numérique Ensemble du Gers"
        let page: Markup = """
            <!DOCTYPE html>
            <html lang="fr">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <link rel="icon" href="data:,">
            <style>\(YearReportPage.style)</style></head>
            <body>
            <a class="skip" href="#contenu">Aller au contenu</a>
            <header><p>Gers Numérique · feuille de route territoriale France Numérique Ensemble</p></header>
            <main id="contenu">
            <h1>\(title)</h1>
            <dl><dt>Avant</dt><dd>\(Self.describe(diff.from))</dd><dt>Après</dt><dd>\(Self.describe(diff.to))</dd></dl>
            <p><a href="/roadmap/diff?\(query)">Les mêmes différences en JSON</a></p>
            \(DifferenceTable(diff: diff, caption: "Éléments ajoutés, supprimés et modifiés, avec chaque champ avant → après", empty: "Aucune différence entre les deux états.").markup)
            </main>
            </body>
            </html>

            """
        return page.html
    }

    /// « Version signée… (version 1), la feuille de route au 24 janvier 2025 ».
    static func describe(_ side: RoadmapDiff.Side) -> Markup {
        let day = FrenchText.date(CalendarDate(side.asOf, in: RoadmapClock.paris))
        guard let id = side.versionId else { return "la feuille de route au \(day)" }
        return "« \(side.label ?? "") » (version \(Int(id))), la feuille de route au \(day)"
    }
}
