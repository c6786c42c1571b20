import Foundation
import Testing

@testable import Roadmap

@Suite("Documents: the kind of a file, read from its bytes")
struct DocumentFormatTests {
    @Test(
        "PDF, Office Open XML and OpenDocument files are recognised by their content",
        arguments: [
            (DocumentFiles.pdf(), DocumentFormat.pdf), (DocumentFiles.docx, .docx), (DocumentFiles.xlsx, .xlsx),
            (DocumentFiles.pptx, .pptx), (DocumentFiles.odt, .odt), (DocumentFiles.ods, .ods),
            (DocumentFiles.odp, .odp),
        ])
    func recognised(file: Data, format: DocumentFormat) {
        #expect(DocumentFormat.detect(file) == format)
    }

    @Test("text, an image, an archive of nothing known, a cut archive and a legacy .doc are not accepted")
    func refused() {
        let zipOfNothing = DocumentFiles.zip([("notes.txt", "hello")])
        let legacyOffice = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
        for file in [
            Data("Bonjour, ceci n'est pas un PDF".utf8), png, zipOfNothing, DocumentFiles.docx.prefix(40),
            legacyOffice, Data(),
        ] {
            #expect(DocumentFormat.detect(file) == nil)
        }
    }

    @Test("an OpenDocument mimetype of another kind of file is not taken for a document")
    func otherMimetype() {
        #expect(DocumentFormat.detect(DocumentFiles.openDocument("application/vnd.oasis.opendocument.graphics")) == nil)
    }
}
