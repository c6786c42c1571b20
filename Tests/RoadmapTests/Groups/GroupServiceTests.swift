import Foundation
import GRDB
import Testing

@testable import Roadmap

@Suite("Working groups")
struct GroupServiceTests {
    /// A group on a new axis, on an empty database.
    private func group(_ services: RoadmapServices, name: String = "Groupe") async throws -> Int64 {
        let axis = try await services.makeAxis()
        return try await services.makeGroup(axisId: axis.id!, name: name).group.id!
    }

    /// A group with one member.
    private func groupWithMember(_ services: RoadmapServices) async throws -> (groupId: Int64, partnerId: Int64) {
        let groupId = try await group(services, name: "Expérimentation et évolution des usages")
        let partner = try await services.makePartner("Association des maires ruraux du Gers")
        try await services.makeMember(groupId: groupId, partnerId: partner.partner.id!)
        return (groupId, partner.partner.id!)
    }

    @Test("the three seeded groups")
    func seeded() async throws {
        // About the seed itself: the Gers roadmap's three groups.
        let services = try makeServices()
        let all = try await services.groups.list(GroupQuery(page: try PageRequest()))
        #expect(all.items.count == 3)
    }

    @Test("groups are filterable by axis")
    func filterByAxis() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis2 = try await services.makeAxis(number: 2)
        let axis3 = try await services.makeAxis(number: 3)
        _ = try await services.makeGroup(axisId: axis2.id!, name: "Expérimentation et évolution des usages")
        _ = try await services.makeGroup(axisId: axis3.id!, name: "Filière locale de reconditionnement")
        // MUT
        let onAxis3 = try await services.groups.list(GroupQuery(axisId: axis3.id!, page: try PageRequest()))
        // validate
        #expect(onAxis3.items.map(\.group.name) == ["Filière locale de reconditionnement"])
    }

    @Test("a group needs an existing axis")
    func createNeedsAxis() async throws {
        let services = try makeServices(seed: .none)
        _ = try await services.makeAxis()
        #expect(
            await roadmapError {
                _ = try await services.groups.create(GroupInput(axisId: 99, name: "X"), by: .anonymous)
            } == .unprocessable("axisId", "no axis has id 99"))
    }

    @Test("a group name is unique ignoring case and accents, across axes")
    func createNeedsUniqueName() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let axis3 = try await services.makeAxis(number: 3)
        let axis4 = try await services.makeAxis(number: 4, optional: true)
        _ = try await services.makeGroup(axisId: axis3.id!, name: "Filière locale de reconditionnement")
        // MUT
        let duplicate = await roadmapError {
            _ = try await services.groups.create(
                GroupInput(axisId: axis4.id!, name: "FILIERE LOCALE DE RECONDITIONNEMENT"), by: .anonymous)
        }
        // validate
        #expect({ if case .conflict = duplicate { true } else { false } }())
    }

    @Test("registering twice is a conflict")
    func registerTwice() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let partner = try await services.makePartner().partner.id!
        _ = try await services.groups.register(groupId: groupId, partnerId: partner, role: .member, by: .anonymous)
        let error = await roadmapError {
            _ = try await services.groups.register(groupId: groupId, partnerId: partner, role: .member, by: .anonymous)
        }
        #expect({ if case .conflict = error { true } else { false } }())
    }

    @Test("registering a second lead is refused, naming the lead")
    func secondLead() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let lead = try await services.makePartner("Gers Numérique").partner.id!
        let other = try await services.makePartner("Gers Solidaire").partner.id!
        try await services.makeMember(groupId: groupId, partnerId: lead, role: .lead)
        // MUT
        let second = await roadmapError {
            _ = try await services.groups.register(groupId: groupId, partnerId: other, role: .lead, by: .anonymous)
        }
        // validate
        guard case .conflict(_, let references) = second else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.id) == [lead])
    }

    @Test("promoting a member of a group that has a lead is refused")
    func promotionWithLead() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let lead = try await services.makePartner("Gers Numérique").partner.id!
        let member = try await services.makePartner("Gers Solidaire").partner.id!
        try await services.makeMember(groupId: groupId, partnerId: lead, role: .lead)
        try await services.makeMember(groupId: groupId, partnerId: member)
        // MUT
        let promotion = await roadmapError {
            _ = try await services.groups.changeRole(groupId: groupId, partnerId: member, to: .lead, by: .anonymous)
        }
        // validate
        #expect({ if case .conflict = promotion { true } else { false } }())
        #expect(try await services.groups.get(id: groupId).leadPartnerId == lead)
    }

    @Test("a member is promoted once the lead steps down")
    func promotionAfterLeadStepsDown() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let lead = try await services.makePartner("Gers Numérique").partner.id!
        let member = try await services.makePartner("Gers Solidaire").partner.id!
        try await services.makeMember(groupId: groupId, partnerId: lead, role: .lead)
        try await services.makeMember(groupId: groupId, partnerId: member)
        // MUT
        _ = try await services.groups.changeRole(groupId: groupId, partnerId: lead, to: .member, by: .anonymous)
        _ = try await services.groups.changeRole(groupId: groupId, partnerId: member, to: .lead, by: .anonymous)
        // validate
        #expect(try await services.groups.get(id: groupId).leadPartnerId == member)
    }

    @Test("registering an unknown partner is unprocessable")
    func unknownPartner() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        #expect(
            await roadmapError {
                _ = try await services.groups.register(groupId: groupId, partnerId: 999, role: .member, by: .anonymous)
            } == .unprocessable("partnerId", "no partner has id 999"))
    }

    @Test("unregistering a partner that is not a member is not found")
    func unknownMember() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let outsider = try await services.makePartner().partner.id!
        let missing = await roadmapError {
            try await services.groups.unregister(groupId: groupId, partnerId: outsider, by: .anonymous)
        }
        #expect({ if case .notFound = missing { true } else { false } }())
    }

    @Test("a group with members is not deleted; the 409 names the members")
    func deleteWithMembers() async throws {
        let services = try makeServices(seed: .none)
        let (groupId, _) = try await groupWithMember(services)
        let error = await roadmapError {
            _ = try await services.groups.delete(id: groupId, archive: false, by: .anonymous)
        }
        guard case .conflict(_, let references) = error else {
            Issue.record("expected a conflict")
            return
        }
        #expect(references.map(\.entity) == ["groupMember"])
    }

    @Test("a group with members can be archived")
    func archiveWithMembers() async throws {
        let services = try makeServices(seed: .none)
        let (groupId, _) = try await groupWithMember(services)
        guard case .archived(let detail) = try await services.groups.delete(id: groupId, archive: true, by: .anonymous)
        else {
            Issue.record("expected archived")
            return
        }
        #expect(detail.group.archivedAt != nil && detail.memberCount == 1)
    }

    @Test("an archived group is listed among the archived ones only")
    func archivedListing() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let (groupId, _) = try await groupWithMember(services)
        let axis = try await services.makeAxis(number: 2)
        let activeGroup = try await services.makeGroup(axisId: axis.id!, name: "Actif").group.id!
        // MUT
        _ = try await services.groups.delete(id: groupId, archive: true, by: .anonymous)
        // validate
        let active = try await services.groups.list(GroupQuery(page: try PageRequest())).items.map(\.group.id!)
        #expect(!active.contains(groupId))
        #expect(active == [activeGroup])
        let archived = try await services.groups.list(GroupQuery(archived: true, page: try PageRequest())).items.map(
            \.group.id!)
        #expect(archived == [groupId])
    }

    @Test("an archived group refuses registrations")
    func archivedRefusesRegistration() async throws {
        let services = try makeServices(seed: .none)
        let (groupId, _) = try await groupWithMember(services)
        let newcomer = try await services.makePartner("Hub Rhin'OCC").partner.id!
        _ = try await services.groups.delete(id: groupId, archive: true, by: .anonymous)
        let registration = await roadmapError {
            _ = try await services.groups.register(groupId: groupId, partnerId: newcomer, role: .member, by: .anonymous)
        }
        #expect({ if case .conflict = registration { true } else { false } }())
    }

    @Test("archived: false brings an archived group back")
    func unarchive() async throws {
        let services = try makeServices(seed: .none)
        let (groupId, _) = try await groupWithMember(services)
        _ = try await services.groups.delete(id: groupId, archive: true, by: .anonymous)
        var patch = GroupPatch()
        patch.archived = .set(false)
        #expect(try await services.groups.update(id: groupId, patch, by: .anonymous).group.archivedAt == nil)
    }

    @Test("an empty group is deleted")
    func delete() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        #expect(try await services.groups.delete(id: groupId, archive: false, by: .anonymous) == .deleted)
        #expect(
            await roadmapError { _ = try await services.groups.get(id: groupId) }
                == .notFound(entity: "workingGroup", id: String(groupId)))
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
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        do {
            let meeting = try await services.groups.createMeeting(
                groupId: groupId, MeetingInput(startsAt: start, endsAt: end), by: .anonymous)
            #expect(faulty.isEmpty)
            #expect(meeting.startsAt == start, "kept as sent")
        } catch let error as RoadmapError {
            #expect(error.fields == faulty)
        }
    }

    @Test("a meeting keeps its offset as sent and is ordered by its instant")
    func meetingOrder() async throws {
        // setup
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        // MUT
        _ = try await services.groups.createMeeting(
            groupId: groupId,
            MeetingInput(startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T15:00:00+01:00"),
            by: .anonymous)
        _ = try await services.groups.createMeeting(
            groupId: groupId, MeetingInput(startsAt: "2025-03-10T12:30:00Z", endsAt: "2025-03-10T13:00:00Z"),
            by: .anonymous)
        // validate
        let page = try await services.groups.meetings(groupId: groupId, MeetingQuery(page: try PageRequest()))
        #expect(page.items.map(\.startsAt) == ["2025-03-10T12:30:00Z", "2025-03-10T14:00:00+01:00"])
    }

    @Test("a patch putting the start after the end of a meeting is refused")
    func meetingPatchStartAfterEnd() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let meeting = try await services.makeMeeting(
            groupId: groupId, startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T15:00:00+01:00")
        var patch = MeetingPatch()
        patch.startsAt = .set("2025-03-10T16:00:00+01:00")
        #expect(
            await roadmapError {
                _ = try await services.groups.updateMeeting(groupId: groupId, id: meeting.id!, patch, by: .anonymous)
            }?.fields == ["endsAt"])
    }

    @Test("a patch moving both the start and the end of a meeting is applied")
    func meetingPatchMovesBoth() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let meeting = try await services.makeMeeting(
            groupId: groupId, startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T15:00:00+01:00")
        var patch = MeetingPatch()
        patch.startsAt = .set("2025-03-10T16:00:00+01:00")
        patch.minutes = .set("Compte rendu")
        patch.endsAt = .set("2025-03-10T17:00:00+01:00")
        #expect(
            try await services.groups.updateMeeting(groupId: groupId, id: meeting.id!, patch, by: .anonymous).minutes
                == "Compte rendu")
    }

    @Test("a meeting is not found under another group")
    func meetingOfAnotherGroup() async throws {
        let services = try makeServices(seed: .none)
        let groupId = try await group(services)
        let otherAxis = try await services.makeAxis(number: 2)
        let other = try await services.makeGroup(axisId: otherAxis.id!, name: "Autre groupe").group.id!
        let meeting = try await services.makeMeeting(groupId: groupId)
        #expect(
            await roadmapError { _ = try await services.groups.meeting(groupId: other, id: meeting.id!) }
                == .notFound(GroupMeeting.self, id: meeting.id!, of: WorkingGroup.self, other))
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
        // setup
        let services = try makeServices(seed: .none)
        let axis = try await services.makeAxis()
        let groupId = try await services.makeGroup(axisId: axis.id!).group.id!
        // MUT
        let meeting = try await services.groups.createMeeting(
            groupId: groupId,
            MeetingInput(
                startsAt: "2025-03-10T14:00:00+01:00", endsAt: "2025-03-10T16:30:00+01:00", place: "Auch, préfecture"),
            by: .anonymous)
        let text = try await services.groups.calendar(groupId: groupId)
        // validate
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("UID:meeting-\(meeting.id!)@fne-api.gers\r\n"))
        #expect(text.contains("DTSTART:20250310T130000Z\r\n"))
        #expect(text.contains("DTEND:20250310T153000Z\r\n"))
        #expect(text.contains("LOCATION:Auch\\, préfecture\r\n"))
        #expect(try await services.groups.calendar(groupId: nil).contains("UID:meeting-\(meeting.id!)@fne-api.gers"))
    }
}
