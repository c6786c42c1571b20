import Testing

@testable import RoadmapServer

@Suite("File downloads: Range and Content-Disposition")
struct FileDownloadTests {
    @Test(
        "one byte range is served, clamped to the file; several, or a malformed one, get the whole file",
        arguments: [
            ("bytes=0-9", FileDownload.RangeAnswer.part(0...9)), ("bytes=10-", .part(10...99)),
            ("bytes=-10", .part(90...99)), ("bytes=-500", .part(0...99)), ("bytes=90-500", .part(90...99)),
            ("bytes=100-", .unsatisfiable), ("bytes=-0", .unsatisfiable), ("bytes=0-1,5-6", .whole),
            ("bytes=9-2", .whole), ("items=0-9", .whole), ("bytes=a-b", .whole), ("bytes=", .whole),
            ("bytes=١-٢", .whole),
        ])
    func ranges(header: String, answer: FileDownload.RangeAnswer) {
        #expect(FileDownload.range(header, size: 100) == answer)
    }

    @Test("no Range header: the whole file")
    func noRange() {
        #expect(FileDownload.range(nil, size: 100) == .whole)
    }

    @Test("the name as uploaded in filename*, an ASCII fallback without accents, quotes or backslashes")
    func disposition() {
        #expect(
            FileDownload.contentDisposition(fileName: "Relevé « COPIL » \"v2\"\\.pdf")
                == "attachment; filename=\"Releve _ COPIL _ _v2__.pdf\"; filename*=UTF-8''Relev%C3%A9%20%C2%AB%20COPIL%20%C2%BB%20%22v2%22%5C.pdf"
        )
    }
}
