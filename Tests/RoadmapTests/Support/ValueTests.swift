import Foundation
import Testing

@testable import Roadmap

@Suite("Value types")
struct ValueTests {
    @Test("text keys ignore case, accents, ligatures, apostrophes and spacing")
    func textKeys() {
        #expect(TextKey.fold("GERS NUMERIQUE") == TextKey.fold("Gers Numérique"))
        #expect(TextKey.fold("  Gers   numérique ") == "gers numerique")
        #expect(TextKey.fold("Mise en Œuvre") == "mise en oeuvre")
        #expect(TextKey.fold("Hub Rhin’OCC") == TextKey.fold("Hub Rhin'OCC"))
        #expect(TextKey.fold("Réseau") == "reseau")
    }

    @Test(
        "calendar dates are strict ISO 8601 days",
        arguments: [
            ("2025-01-24", true), ("2024-02-29", true), ("2025-02-29", false), ("2025-13-01", false),
            ("0987-03-05", true), ("2025-1-24", false), ("24/01/2025", false), ("2025-01-24T00:00:00Z", false),
            ("", false), ("２０２５-01-24", false), ("2025-00-10", false), ("2025-01-00", false),
            ("2025+01-24", false), ("2025-01-2a", false), ("+025-01-24", false), ("2025-01-24 ", false),
            ("é025-01-2", false), ("2000-02-29", true), ("1900-02-29", false), ("2025-12-31", true),
        ])
    func calendarDates(text: String, valid: Bool) {
        #expect((CalendarDate(text) != nil) == valid)
        if valid { #expect(CalendarDate(text)?.description == text) }
    }

    @Test(
        "milestone periods accept a year, a month, a season or a day",
        arguments: [
            ("2024", true), ("2023-23", true), ("2023-09", true), ("2025-01-24", true), ("2023-25", false),
            ("2023-13", false), ("automne 2023", false),
        ])
    func periods(text: String, valid: Bool) {
        #expect(RoadmapMilestone.isValidPeriod(text) == valid)
    }

    @Test("today is reckoned in Europe/Paris")
    func todayInParis() {
        // 2025-06-30 22:30 UTC is already 1 July in Paris (UTC+2 in summer).
        let clock = RoadmapClock.fixed(Date(timeIntervalSince1970: 1_751_322_600))
        #expect(clock.today.description == "2025-07-01")
    }

    @Test("hexadecimal text of bytes is lowercase, two digits a byte")
    func hex() {
        #expect(Hex.string([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Hex.string([UInt8]()) == "")
    }
}
