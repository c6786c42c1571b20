import Roadmap
import RoadmapAPI

extension Components.Schemas.Document {
    init(_ document: Document) {
        self.init(
            id: document.id!, title: document.title, visibility: .init(mirroring: document.visibility),
            attachedTo: .init(mirroring: document.subject.kind), actionId: document.actionId,
            grantId: document.grantId, groupMeetingId: document.groupMeetingId,
            committeeMeetingId: document.committeeMeetingId, version: document.version,
            fileName: document.fileName, mediaType: document.mediaType, size: document.size,
            sha256: document.sha256, createdAt: document.createdAt, updatedAt: document.updatedAt)
    }
}

extension Components.Schemas.DocumentVersion {
    init(_ version: DocumentVersion) {
        self.init(
            version: version.version, fileName: version.fileName, mediaType: version.mediaType, size: version.size,
            sha256: version.sha256, uploadedAt: version.uploadedAt, uploadedBy: version.uploadedBy)
    }
}

extension DocumentPatch {
    init(_ body: Components.Schemas.DocumentPatch) throws {
        var reader = PatchReader(Components.Schemas.DocumentPatch.CodingKeys.self)
        self.init()
        title = reader.required(body.title, .title)
        visibility = reader.required(body.visibility.map { DocumentVisibility(mirroring: $0) }, .visibility)
        try reader.finish()
    }
}
