import Foundation
import GRDB

/// A file attached to the roadmap: the signed feuille de route itself, the minutes of a
/// meeting (a working group's or a committee's), a file of an action or of a grant request.
///
/// A document has versions (``DocumentVersion``): uploading a new file makes a new version
/// and keeps the old ones. The record carries its current version's description (number,
/// name, type, size, SHA-256), so that a list needs no join and the change log shows a new
/// version as a change of those fields. The bytes live in the database (``DocumentBytes``),
/// so that a backup and an export carry them.
public struct Document: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "document"

    public var id: Int64?
    public var title: String
    public var visibility: DocumentVisibility
    /// What the document is attached to: at most one of these; none for the roadmap itself.
    public var actionId: Int64?
    public var grantId: Int64?
    public var groupMeetingId: Int64?
    public var committeeMeetingId: Int64?
    /// The current version's number, from 1.
    public var version: Int
    public var fileName: String
    public var mediaType: String
    public var size: Int64
    /// SHA-256 of the current version's bytes, in lowercase hexadecimal.
    public var sha256: String
    public var createdAt: Date
    public var updatedAt: Date

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let visibility = Column(CodingKeys.visibility)
        static let actionId = Column(CodingKeys.actionId)
        static let grantId = Column(CodingKeys.grantId)
        static let groupMeetingId = Column(CodingKeys.groupMeetingId)
        static let committeeMeetingId = Column(CodingKeys.committeeMeetingId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// What the document is attached to.
    public var subject: DocumentSubject {
        if let actionId { return .action(actionId) }
        if let grantId { return .grant(grantId) }
        if let groupMeetingId { return .groupMeeting(groupMeetingId) }
        if let committeeMeetingId { return .committeeMeeting(committeeMeetingId) }
        return .roadmap
    }

    func validate(into v: inout Validator) {
        v.line(title, "title")
        let subjects = [actionId, grantId, groupMeetingId, committeeMeetingId].compactMap { $0 }
        v.require(
            subjects.count <= 1, "actionId",
            "a document is attached to one thing: give at most one of actionId, grantId, groupMeetingId, committeeMeetingId (none: the roadmap itself)"
        )
        for (field, id) in [
            ("actionId", actionId), ("grantId", grantId), ("groupMeetingId", groupMeetingId),
            ("committeeMeetingId", committeeMeetingId),
        ] {
            if let id { v.atLeast(id, field, 1) }
        }
    }
}

/// Who may read a document.
public enum DocumentVisibility: String, Codable, Sendable, CaseIterable {
    /// Readable as the rest of the roadmap (anonymously when reads are public).
    case `public`
    /// Readable only with a token, of any role; without one, the document does not exist
    /// (not listed, 404). (The public change feed leaves out every document's title and file
    /// name: see ``Document/auditOnlyFields``.)
    case restricted
}

/// What a document is attached to.
public enum DocumentSubject: Sendable, Equatable, Hashable {
    /// The roadmap itself (the signed feuille de route, its annexes).
    case roadmap
    case action(Int64)
    case grant(Int64)
    case groupMeeting(Int64)
    case committeeMeeting(Int64)

    /// The kinds of subject, as the API names them (`attachedTo`).
    public enum Kind: String, Sendable, CaseIterable {
        case roadmap, action, grant, groupMeeting, committeeMeeting
    }

    public var kind: Kind {
        switch self {
        case .roadmap: .roadmap
        case .action: .action
        case .grant: .grant
        case .groupMeeting: .groupMeeting
        case .committeeMeeting: .committeeMeeting
        }
    }
}
