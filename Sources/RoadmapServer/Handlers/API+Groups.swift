import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    func listGroups(_ input: Operations.ListGroups.Input) async throws -> Operations.ListGroups.Output {
        let archived: Bool? =
            switch input.query.state ?? .active {
            case .active: false
            case .archived: true
            case .all: nil
            }
        let page = try await services.groups.list(
            GroupQuery(
                ids: input.query.id ?? [], axisId: input.query.axisId, archived: archived,
                sort: input.query.sort.map(Sort.init(mirroring:)),
                page: try PageRequest(limit: input.query.limit, cursor: input.query.cursor)))
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.Group.init), nextCursor: page.nextCursor)))
        )
    }

    func getGroup(_ input: Operations.GetGroup.Input) async throws -> Operations.GetGroup.Output {
        let body = Components.Schemas.Group(try await services.groups.get(id: input.path.id))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func createGroup(_ input: Operations.CreateGroup.Input) async throws -> Operations.CreateGroup.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let detail = try await services.groups.create(
            GroupInput(axisId: create.axisId, name: create.name, description: create.description), by: caller)
        let body = Components.Schemas.Group(detail)
        return .created(.init(headers: .init(location: "/groups/\(body.id)", eTag: ETag.of(body)), body: .json(body)))
    }

    func updateGroup(_ input: Operations.UpdateGroup.Input) async throws -> Operations.UpdateGroup.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let detail = try await services.groups.update(
            id: input.path.id, try GroupPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Group($0) })
        let body = Components.Schemas.Group(detail)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteGroup(_ input: Operations.DeleteGroup.Input) async throws -> Operations.DeleteGroup.Output {
        let removal = try await services.groups.delete(
            id: input.path.id, archive: input.query.archive ?? false, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Group($0) })
        switch removal {
        case .deleted: return .noContent(.init())
        case .archived(let detail): return .ok(.init(body: .json(.init(detail))))
        }
    }

    func getGroupHistory(_ input: Operations.GetGroupHistory.Input) async throws -> Operations.GetGroupHistory.Output {
        .ok(
            try await history(
                of: WorkingGroup.self, alsoLogged: [GroupMember.self], input.path.id, input.query.limit,
                input.query.cursor))
    }

    // MARK: Members

    func listGroupMembers(_ input: Operations.ListGroupMembers.Input) async throws -> Operations.ListGroupMembers.Output
    {
        let members = try await services.groups.members(groupId: input.path.id)
        return .ok(.init(body: .json(.init(items: members.map(Components.Schemas.Member.init)))))
    }

    func registerGroupMember(
        _ input: Operations.RegisterGroupMember.Input
    ) async throws -> Operations.RegisterGroupMember.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let role = GroupMemberRole(mirroring: create.role ?? .member)
        let body = Components.Schemas.Member(
            try await services.groups.register(
                groupId: input.path.id, partnerId: create.partnerId, role: role, by: caller))
        return .created(
            .init(
                headers: .init(eTag: ETag.of(body), location: "/groups/\(input.path.id)/members/\(create.partnerId)"),
                body: .json(body)))
    }

    func getGroupMember(_ input: Operations.GetGroupMember.Input) async throws -> Operations.GetGroupMember.Output {
        let body = Components.Schemas.Member(
            try await services.groups.member(groupId: input.path.id, partnerId: input.path.partnerId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateGroupMember(
        _ input: Operations.UpdateGroupMember.Input
    ) async throws -> Operations.UpdateGroupMember.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let member = try await services.groups.changeRole(
            groupId: input.path.id, partnerId: input.path.partnerId, to: GroupMemberRole(mirroring: patch.role),
            by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Member($0) })
        let body = Components.Schemas.Member(member)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func removeGroupMember(
        _ input: Operations.RemoveGroupMember.Input
    ) async throws -> Operations.RemoveGroupMember.Output {
        try await services.groups.unregister(
            groupId: input.path.id, partnerId: input.path.partnerId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Member($0) })
        return .noContent(.init())
    }

    // MARK: Meetings

    func listGroupMeetings(
        _ input: Operations.ListGroupMeetings.Input
    ) async throws -> Operations.ListGroupMeetings.Output {
        let page = try await services.groups.meetings(
            groupId: input.path.id,
            MeetingQuery(
                from: input.query.from, to: input.query.to,
                page: try PageRequest(limit: input.query.limit, cursor: input.query.cursor)))
        return .ok(
            .init(
                body: .json(.init(items: page.items.map(Components.Schemas.Meeting.init), nextCursor: page.nextCursor)))
        )
    }

    func createGroupMeeting(
        _ input: Operations.CreateGroupMeeting.Input
    ) async throws -> Operations.CreateGroupMeeting.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let body = Components.Schemas.Meeting(
            try await services.groups.createMeeting(groupId: input.path.id, MeetingInput(create), by: caller))
        return .created(
            .init(
                headers: .init(location: "/groups/\(body.groupId)/meetings/\(body.id)", eTag: ETag.of(body)),
                body: .json(body)))
    }

    func getGroupMeeting(_ input: Operations.GetGroupMeeting.Input) async throws -> Operations.GetGroupMeeting.Output {
        let body = Components.Schemas.Meeting(
            try await services.groups.meeting(groupId: input.path.id, id: input.path.meetingId))
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateGroupMeeting(
        _ input: Operations.UpdateGroupMeeting.Input
    ) async throws -> Operations.UpdateGroupMeeting.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let meeting = try await services.groups.updateMeeting(
            groupId: input.path.id, id: input.path.meetingId, try MeetingPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Meeting($0) })
        let body = Components.Schemas.Meeting(meeting)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }

    func deleteGroupMeeting(
        _ input: Operations.DeleteGroupMeeting.Input
    ) async throws -> Operations.DeleteGroupMeeting.Output {
        try await services.groups.deleteMeeting(
            groupId: input.path.id, id: input.path.meetingId, by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Meeting($0) })
        return .noContent(.init())
    }

    func getGroupCalendar(_ input: Operations.GetGroupCalendar.Input) async throws -> Operations.GetGroupCalendar.Output
    {
        .ok(.init(body: .textCalendar(HTTPBody(try await services.groups.calendar(groupId: input.path.id)))))
    }

    func getCalendar(_ input: Operations.GetCalendar.Input) async throws -> Operations.GetCalendar.Output {
        .ok(.init(body: .textCalendar(HTTPBody(try await services.groups.calendar(groupId: nil)))))
    }
}
