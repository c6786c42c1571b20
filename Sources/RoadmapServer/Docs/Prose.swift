import Foundation

/// The descriptions of the contract as HTML: the little CommonMark they use (paragraphs
/// separated by blank lines, `- ` lists with indented continuation lines, `` `code` `` and
/// `**strong**`), everything else escaped as text. Words quoted in French guillemets
/// (« En cours ») are French in an English text, so they are marked `lang="fr"`.
enum Prose {
    /// A description as blocks (`<p>`, `<ul>`).
    static func blocks(_ text: String) -> Markup {
        var blocks: [Markup] = []
        var paragraph: [String] = []
        var items: [String] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append("<p>\(inline(paragraph.joined(separator: " ")))</p>") }
            if !items.isEmpty { blocks.append("<ul>\(items.map { "<li>\(inline($0))</li>" as Markup })</ul>") }
            paragraph = []
            items = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flush()
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                if !paragraph.isEmpty, items.isEmpty { flush() }
                items.append(String(trimmed.dropFirst(2)))
            } else if !items.isEmpty, line.first == " " {
                items[items.count - 1] += " " + trimmed
            } else {
                if !items.isEmpty { flush() }
                paragraph.append(trimmed)
            }
        }
        flush()
        return blocks.joined()
    }

    /// A description on one line (a table cell, a heading): its blocks' text run together.
    static func inline(_ text: String) -> Markup {
        var result = Markup.empty
        var rest = Substring(
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " "))
        var strong = false
        while let index = rest.firstIndex(where: { $0 == "`" || $0 == "*" || $0 == "«" }) {
            result += Markup(text: String(rest[..<index]))
            let marker = rest[index...]
            if marker.hasPrefix("`"), let end = marker.dropFirst().firstIndex(of: "`") {
                result += "<code>\(String(marker[marker.index(after: index)..<end]))</code>"
                rest = marker[marker.index(after: end)...]
            } else if marker.hasPrefix("**"), strong || marker.dropFirst(2).contains("**") {
                result += strong ? "</strong>" : "<strong>"
                strong.toggle()
                rest = marker.dropFirst(2)
            } else if marker.hasPrefix("«"), let end = marker.firstIndex(of: "»") {
                let quoted = String(marker[marker.index(after: index)..<end])
                result += "<span lang=\"fr\">«\(inline(quoted))»</span>"
                rest = marker[marker.index(after: end)...]
            } else {
                result += Markup(text: String(marker.prefix(1)))
                rest = marker.dropFirst()
            }
        }
        result += Markup(text: String(rest))
        if strong { result += "</strong>" }
        return result
    }
}
