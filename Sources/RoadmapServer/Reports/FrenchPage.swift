/// The shell of the French pages a person reads and prints (the yearly report, the difference
/// between two states of the roadmap): one language, one title, a skip link to the main
/// content, the reports' style, no script and no external resource.
struct FrenchPage {
    let title: String
    let main: Markup
    var footer: Markup = .empty

    var html: String {
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
            \(main)
            </main>
            \(footer)
            </body>
            </html>

            """
        return page.html
    }
}
