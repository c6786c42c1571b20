import Foundation
import Testing

@testable import Roadmap

/// CSV files written with the CSV.swift library: quoting, separators, byte-order mark, and no
/// formula injection.
@Suite("CSV documents")
struct CSVDocumentTests {
    @Test("fields with the separator, quotes or line breaks are quoted; a formula is disarmed; numbers are kept")
    func quoting() throws {
        var document = CSVDocument(header: ["texte", "montant"])
        document.append([.text("a,b"), .number("-10.50")])
        document.append([.text("dit \"oui\""), .number("1")])
        document.append([.text("ligne\nsuite"), .number("2")])
        document.append([.text("=HYPERLINK(\"x\")"), .number("3")])
        document.append([.text("@SOMME(A1)"), .number("4")])
        let text = try document.text()
        #expect(text.hasPrefix("\u{FEFF}texte,montant\r\n"))
        #expect(text.contains("\r\n\"a,b\",-10.50\r\n"))
        #expect(text.contains("\r\n\"dit \"\"oui\"\"\",1\r\n"))
        #expect(text.contains("\r\n\"ligne\nsuite\",2\r\n"))
        #expect(text.contains("\r\n\"'=HYPERLINK(\"\"x\"\")\",3\r\n"))
        #expect(text.contains("\r\n'@SOMME(A1),4\r\n"))
        #expect(text.hasSuffix("\r\n"))
    }

    @Test("with ; (French spreadsheets) a comma needs no quoting, a semicolon does")
    func semicolon() throws {
        var document = CSVDocument(header: ["nom", "note"])
        document.append([.text("Gers Numérique, GIP"), .text("a;b")])
        let text = try document.text(separator: .semicolon)
        #expect(text == "\u{FEFF}nom;note\r\nGers Numérique, GIP;\"a;b\"\r\n")
        #expect(CSVDocument.Separator.semicolon.decimalMark == ",")
    }
}
