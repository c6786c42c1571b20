import Foundation
import GRDB

/// Meetings of a group (``MeetingBook`` holds the rules, shared with committees' meetings),
/// and the iCalendar feeds.
extension GroupService {
    var meetingBook: MeetingBook<GroupMeeting> { MeetingBook(database: database, clock: clock) }

    /// One page of a group's meetings, soonest first.
    public func meetings(groupId: Int64, _ query: MeetingQuery) async throws -> Page<GroupMeeting> {
        try await meetingBook.page(organizerId: groupId, query)
    }

    /// One meeting of a group.
    public func meeting(groupId: Int64, id: Int64) async throws -> GroupMeeting {
        try await meetingBook.meeting(organizerId: groupId, id: id)
    }

    /// Records a meeting.
    public func createMeeting(groupId: Int64, _ input: MeetingInput, by caller: Caller) async throws -> GroupMeeting {
        try await meetingBook.create(organizerId: groupId, input, by: caller)
    }

    /// Changes a meeting.
    public func updateMeeting(
        groupId: Int64, id: Int64, _ patch: MeetingPatch, by caller: Caller, ifMatch: Precondition<GroupMeeting>? = nil
    ) async throws -> GroupMeeting {
        try await meetingBook.update(organizerId: groupId, id: id, patch, by: caller, ifMatch: ifMatch)
    }

    /// Deletes a meeting.
    public func deleteMeeting(
        groupId: Int64, id: Int64, by caller: Caller, ifMatch: Precondition<GroupMeeting>? = nil
    ) async throws {
        try await meetingBook.delete(organizerId: groupId, id: id, by: caller, ifMatch: ifMatch) { db, meeting in
            try DocumentService.checkNoneAttached(db, to: .groupMeeting(id), "the meeting of \(meeting.startsAt)")
        }
    }

    /// The iCalendar feed of one group (`groupId`) or of every group (nil).
    public func calendar(groupId: Int64?) async throws -> String {
        let (groupName, entries) = try await meetingBook.calendarEntries(organizerId: groupId)
        let name =
            groupName.map { "Groupe de travail « \($0) »" } ?? "Groupes de travail France Numérique Ensemble (Gers)"
        return ICalendar.document(name: name, entries: entries)
    }
}
