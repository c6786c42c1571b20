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
        let main: Markup = """
            <dl><dt>Avant</dt><dd>\(Self.describe(diff.from))</dd><dt>Après</dt><dd>\(Self.describe(diff.to))</dd></dl>
            <p><a href="/roadmap/diff?\(query)">Les mêmes différences en JSON</a></p>
            \(DifferenceTable(diff: diff, caption: "Éléments ajoutés, supprimés et modifiés, avec chaque champ avant → après", empty: "Aucune différence entre les deux états.").markup)
            """
        return FrenchPage(title: title, main: main).html
    }

    /// « Version signée… (version 1), la feuille de route au 24 janvier 2025 ».
    static func describe(_ side: RoadmapDiff.Side) -> Markup {
        let day = FrenchText.date(CalendarDate(side.asOf, in: RoadmapClock.paris))
        guard let id = side.versionId else { return "la feuille de route au \(day)" }
        return "« \(side.label ?? "") » (version \(Int(id))), la feuille de route au \(day)"
    }
}
