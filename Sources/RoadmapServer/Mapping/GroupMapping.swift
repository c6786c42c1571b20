import Roadmap
import RoadmapAPI

extension Components.Schemas.Group {
    init(_ detail: GroupDetail) {
        let group = detail.group
        self.init(
            id: group.id!, axisId: group.axisId, name: group.name, description: group.description,
            archived: group.archivedAt != nil, archivedAt: group.archivedAt, memberCount: detail.memberCount,
            meetingCount: detail.meetingCount, leadPartnerId: detail.leadPartnerId, createdAt: group.createdAt,
            updatedAt: group.updatedAt)
    }
}

extension GroupPatch {
    init(_ body: Components.Schemas.GroupPatch) throws {
        var reader = PatchReader(Components.Schemas.GroupPatch.CodingKeys.self)
        self.init()
        axisId = reader.required(body.axisId, .axisId)
        name = reader.required(body.name, .name)
        description = reader.optional(body.description, .description)
        archived = reader.required(body.archived, .archived)
        try reader.finish()
    }
}

extension Components.Schemas.Member {
    init(_ detail: GroupMemberDetail) {
        self.init(
            partnerId: detail.member.partnerId, partnerName: detail.partnerName,
            role: .init(mirroring: detail.member.role), joinedAt: detail.member.joinedAt)
    }
}

extension Components.Schemas.Meeting {
    init(_ meeting: GroupMeeting) {
        self.init(
            id: meeting.id!, groupId: meeting.groupId, startsAt: .init(meeting.startsAt), endsAt: .init(meeting.endsAt),
            place: meeting.place,
            agenda: meeting.agenda, minutes: meeting.minutes, createdAt: meeting.createdAt, updatedAt: meeting.updatedAt
        )
    }
}

extension MeetingInput {
    init(_ body: Components.Schemas.MeetingCreate) {
        self.init(
            startsAt: body.startsAt.text, endsAt: body.endsAt.text, place: body.place, agenda: body.agenda,
            minutes: body.minutes)
    }
}

extension MeetingPatch {
    init(_ body: Components.Schemas.MeetingPatch) throws {
        var reader = PatchReader(Components.Schemas.MeetingPatch.CodingKeys.self)
        self.init()
        startsAt = reader.required(body.startsAt?.text, .startsAt)
        endsAt = reader.required(body.endsAt?.text, .endsAt)
        place = reader.optional(body.place, .place)
        agenda = reader.optional(body.agenda, .agenda)
        minutes = reader.optional(body.minutes, .minutes)
        try reader.finish()
    }
}
