import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Working groups")
struct GroupServiceTests {
    @Test("the three seeded groups, one per axis 1–3, filterable by axis")
    func seeded() async throws {
        let services = try makeServices()
        let all = try await services.groups.list(GroupQuery(page: try PageRequest()))
        #expect(all.items.count == 3)
        let axis3 = try await services.groups.list(GroupQuery(axisId: 3, page: try PageRequest()))
        #expect(axis3.items.map(\.group.name) == ["Filière locale de reconditionnement"])
    }

    @Test("a group needs an existing axis and a unique name")
    func createRules() async throws {
        let services = try makeServices()
        #expect(
            await roadmapError {
                _ = try await services.groups.create(GroupInput(axisId: 99, name: "X"), by: .anonymous)
            } == .unprocessable("axisId", "no axis has id 99"))
        let duplicate = await roadmapError {
            _ = try await services.groups.create(
                GroupInput(axisId: 4, name: "FILIERE LOCALE DE RECONDITIONNEMENT"), by: .anonymous)
        }
        #expect({ if case .conflict = duplicate { true } else { false } }())
    }

    @Test("registering twice is a conflict")
    func registerTwice() async throws {
        let services = try makeServices()
        _ = try await services.groups.register(groupId: 1, partnerId: 3, role: .member, by: .anonymous)
        let error = await roadmapError {
            _ = try await services.groups.register(groupId: 1, partnerId: 3, role: .member, by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("a group has at most one lead, also when a member is promoted")
    func oneLead() async throws {
        let services = try makeServices()
        _ = try await services.groups.register(groupId: 1, partnerId: 3, role: .lead, by: .anonymous)
        let second = await roadmapError {
            _ = try await services.groups.register(groupId: 1, partnerId: 4, role: .lead, by: .anonymous)
        }
        guard case .conflict(_, let references) = second else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.id) == [3])
        _ = try await services.groups.register(groupId: 1, partnerId: 4, role: .member, by: .anonymous)
        let promotion = await roadmapError {
            _ = try await services.groups.changeRole(groupId: 1, partnerId: 4, to: .lead, by: .anonymous)
        }
        #expect({ if case .conflict = promotion { true } else { false } }())
        _ = try await services.groups.changeRole(groupId: 1, partnerId: 3, to: .member, by: .anonymous)
        _ = try await services.groups.changeRole(groupId: 1, partnerId: 4, to: .lead, by: .anonymous)
        #expect(try await services.groups.get(id: 1).leadPartnerId == 4)
    }

    @Test("an unknown partner is unprocessable; an unknown member is not found")
    func unknownPartner() async throws {
        let services = try makeServices()
        #expect(
            await roadmapError {
                _ = try await services.groups.register(groupId: 1, partnerId: 999, role: .member, by: .anonymous)
            } == .unprocessable("partnerId", "no partner has id 999"))
        let missing = await roadmapError {
            try await services.groups.unregister(groupId: 1, partnerId: 5, by: .anonymous)
        }
        #expect({ if case .notFound = missing { true } else { false } }())
    }

    @Test("a group with members or meetings is not deleted but can be archived")
    func deleteOrArchive() async throws {
        let services = try makeServices()
        _ = try await services.groups.register(groupId: 2, partnerId: 7, role: .member, by: .anonymous)
        let error = await roadmapError { _ = try await services.groups.delete(id: 2, archive: false, by: .anonymous) }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.entity) == ["groupMember"])
        guard case .archived(let detail) = try await services.groups.delete(id: 2, archive: true, by: .anonymous) else {
            Issue.record("expected archived")
            return
        }
        #expect(detail.group.archivedAt != nil && detail.memberCount == 1)
        let active = try await services.groups.list(GroupQuery(page: try PageRequest())).items.map(\.group.id!)
        #expect(!active.contains(2))
        let archived = try await services.groups.list(GroupQuery(archived: true, page: try PageRequest())).items.map(
            \.group.id!)
        #expect(archived == [2])
        let registration = await roadmapError {
            _ = try await services.groups.register(groupId: 2, partnerId: 8, role: .member, by: .anonymous)
        }
        #expect({ if case .conflict = registration { true } else { false } }())
        var patch = GroupPatch()
        patch.archived = .set(false)
        #expect(try await services.groups.update(id: 2, patch, by: .anonymous).group.archivedAt == nil)
    }

    @Test("an empty group is deleted")
    func delete() async throws {
        let services = try makeServices()
        #expect(try await services.groups.delete(id: 3, archive: false, by: .anonymous) == .deleted)
        #expect(
            await roadmapError { _ = try await services.groups.get(id: 3) }
                == .notFound(entity: "workingGroup", id: "3"))
    }

    @Test(
        "meetings: ISO 8601 with an offset, the end after the start",
        arguments: [
            ("2025-03-10T14:00:00+01:00", "2025-03-10T16:00:00+01:00", [String]()),
            ("2025-03-10T14:00:00Z", "2025-03-10T14:00:00Z", ["endsAt"]),
            ("2025-03-10T16:00:00+01:00", "2025-03-10T14:00:00+01:00", ["endsAt"]),
            ("2025-03-10T14:00:00", "2025-03-10T16:00:00+01:00", ["startsAt"]),
            ("10/03/2025 14h", "demain", ["startsAt", "endsAt"]),
            ("2025-02-30T14:00:00+01:00", "2025-03-10T16:00:00+01:00", ["startsAt"]),
        ])
    func meetingDates(start: String, end: String, faulty: [String]) async throws {
        let services = try makeServices()
        do {
            let meeting = try await services.groups.createMeeting(
                groupId: 1, MeetingInput(startsAt: start, endsAt: end), by: .anonymous)
            #expect(faulty.isEmpty)
            #expect(meeting.startsAt == start, "kept as sent")
        } catch let error as RoadmapError {
            #expect(error.fields == faulty)
        }
    }

    @Test("a meeting keeps its offset as sent and is ordered by its instant")
    func meetingOrder() async throws {
        let services = try makeServices()
        _ = try await services.groups.createMeeting(
            groupId: 1, MeetingInput(startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T15:00:00+01:00"),
            by: .anonymous)
        _ = try await services.groups.createMeeting(
            groupId: 1, MeetingInput(startsAt: "2025-03-10T12:30:00Z", endsAt: "2025-03-10T13:00:00Z"), by: .anonymous)
        let page = try await services.groups.meetings(groupId: 1, MeetingQuery(page: try PageRequest()))
        #expect(page.items.map(\.startsAt) == ["2025-03-10T12:30:00Z", "2025-03-10T14:00:00+01:00"])
    }

    @Test("a patched meeting keeps the end after the start")
    func meetingPatch() async throws {
        let services = try makeServices()
        let meeting = try await services.groups.createMeeting(
            groupId: 1, MeetingInput(startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T15:00:00+01:00"),
            by: .anonymous)
        var patch = MeetingPatch()
        patch.startsAt = .set("2025-03-10T16:00:00+01:00")
        #expect(
            await roadmapError {
                _ = try await services.groups.updateMeeting(groupId: 1, id: meeting.id!, patch, by: .anonymous)
            }?.fields == ["endsAt"])
        patch.minutes = .set("Compte rendu")
        patch.endsAt = .set("2025-03-10T17:00:00+01:00")
        #expect(
            try await services.groups.updateMeeting(groupId: 1, id: meeting.id!, patch, by: .anonymous).minutes
                == "Compte rendu")
        #expect(
            await roadmapError { _ = try await services.groups.meeting(groupId: 2, id: meeting.id!) }
                == .notFound(GroupMeeting.self, id: meeting.id!, of: WorkingGroup.self, 2))
    }
}

@Suite("iCalendar")
struct ICalendarTests {
    @Test("TEXT values escape backslashes, semicolons, commas and line breaks")
    func escaping() {
        #expect(ICalendar.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        #expect(ICalendar.escape("Réunion « élus »") == "Réunion « élus »")
    }

    @Test("lines fold at 75 octets without splitting a character")
    func folding() {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 100)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(
            parts.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
    }

    @Test("events have stable UIDs and UTC instants")
    func document() async throws {
        let services = try makeServices()
        let meeting = try await services.groups.createMeeting(
            groupId: 1,
            MeetingInput(
                startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T16:30:00+01:00", place: "Auch, préfecture"),
            by: .anonymous)
        let text = try await services.groups.calendar(groupId: 1)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("UID:meeting-\(meeting.id!)@fne-api.gers\r\n"))
        #expect(text.contains("DTSTART:20250310T130000Z\r\n"))
        #expect(text.contains("DTEND:20250310T153000Z\r\n"))
        #expect(text.contains("LOCATION:Auch\\, préfecture\r\n"))
        #expect(try await services.groups.calendar(groupId: nil).contains("UID:meeting-\(meeting.id!)@fne-api.gers"))
    }
}
