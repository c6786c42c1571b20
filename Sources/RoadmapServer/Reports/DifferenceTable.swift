import Roadmap

/// A difference between two states of the roadmap (``RoadmapDiff``) as a table a person
/// reads: one row per resource added, removed or changed, a changed one with each field's
/// value before and after (amounts in euros, statuses in French). Used by the yearly report
/// and by `/roadmap/diff.html`.
struct DifferenceTable {
    let diff: RoadmapDiff
    let caption: String
    /// What the page says when nothing differs.
    let empty: String

    var markup: Markup {
        var rows: [Markup] = []
        for resource in diff.resources {
            let kind = FrenchText.resource(resource.resource)
            for entry in resource.added {
                rows.append(row(kind, FrenchText.label(entry), "ajouté", "—", path: entry.path))
            }
            for entry in resource.removed {
                rows.append(row(kind, FrenchText.label(entry), "supprimé", "—", path: entry.path))
            }
            for changed in resource.changed {
                let details = changed.changes.keys.sorted().map { field -> String in
                    let change = changed.changes[field]!
                    return
                        "\(field) : \(FrenchText.value(change.old, field: field)) → \(FrenchText.value(change.new, field: field))"
                }.joined(separator: " ; ")
                rows.append(row(kind, changed.label ?? changed.path, "modifié", details, path: changed.path))
            }
        }
        guard !rows.isEmpty else { return "<p>\(empty)</p>" }
        return """
            <table id="table-differences"><caption>\(caption)</caption>
            <thead><tr><th scope="col">Ressource</th><th scope="col">Élément</th><th scope="col">Changement</th><th scope="col">Avant → après</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    private func row(_ kind: String, _ label: String, _ change: String, _ details: String, path: String) -> Markup {
        "<tr data-path=\"\(path)\"><td>\(kind)</td><th scope=\"row\">\(label)</th><td>\(change)</td><td>\(details)</td></tr>"
    }
}
