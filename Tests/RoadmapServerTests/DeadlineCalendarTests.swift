import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Roadmap
import Testing

@testable import RoadmapAPI

/// The deadlines as iCalendar feeds (issue 17): whole roadmap and per partner, all-day events
/// with stable UIDs (the real parser's check is scripts/check-ics).
@Suite("Deadline feeds")
struct DeadlineCalendarTests {
    @Test("an action's end is an all-day event ending the next day; a partner's feed holds its own deadlines only")
    func feeds() async throws {
        try await withApp(seed: .none) { client, services in
            // setup
            let axis = try await services.makeAxis(number: 2)
            let lead = try await services.makePartner("Gers Numérique", kind: .gip)
            let other = try await services.makePartner("Gers Solidaire")
            let mine = try await services.actions.create(
                ActionInput(
                    axisId: axis.axis.id!, leadPartnerId: lead.partner.id!, title: "Former les agents",
                    endOn: "2026-12-31"),
                by: .commandLine)
            let theirs = try await services.actions.create(
                ActionInput(
                    axisId: axis.axis.id!, leadPartnerId: other.partner.id!, title: "Autre action",
                    endOn: "2027-02-28"),
                by: .commandLine)
            // MUT
            let all = try await client.execute(uri: "/deadlines.ics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/calendar") == true)
                return String(buffer: response.body)
            }
            let partner = try await client.execute(uri: "/partners/\(lead.partner.id!)/deadlines.ics", method: .get) {
                String(buffer: $0.body)
            }
            // validate
            #expect(all.contains("UID:action-\(mine.action.id!)-end@fne-api.gers\r\n"))
            #expect(all.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"))
            #expect(all.contains("DTSTART;VALUE=DATE:20270228\r\nDTEND;VALUE=DATE:20270301\r\n"))
            #expect(partner.contains("UID:action-\(mine.action.id!)-end@fne-api.gers"))
            #expect(!partner.contains("UID:action-\(theirs.action.id!)-end@fne-api.gers"))
            try await client.execute(uri: "/partners/99999/deadlines.ics", method: .get) { $0.expectProblem(.notFound) }
        }
    }

    @Test("the day after: months, leap years and the year's end")
    func nextDay() {
        #expect(CalendarDate("2028-02-28")!.next.description == "2028-02-29")
        #expect(CalendarDate("2027-02-28")!.next.description == "2027-03-01")
        #expect(CalendarDate("2026-12-31")!.next.description == "2027-01-01")
        #expect(CalendarDate("2026-04-30")!.next.description == "2026-05-01")
    }
}
