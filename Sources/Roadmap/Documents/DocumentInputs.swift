import Foundation

/// A file as uploaded: the name the client gave it and its bytes.
public struct UploadedFile: Sendable, Equatable {
    public var name: String
    public var bytes: Data

    public init(name: String, bytes: Data) {
        self.name = name
        self.bytes = bytes
    }

    /// The name without the folders some browsers send (`C:\fakepath\cr.pdf` → `cr.pdf`).
    var baseName: String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }
}

/// A new document: its first version, and what describes it.
public struct DocumentInput: Sendable, Equatable {
    public var file: UploadedFile
    /// The file's name without its extension when absent.
    public var title: String?
    public var visibility: DocumentVisibility
    public var actionId: Int64?
    public var grantId: Int64?
    public var groupMeetingId: Int64?
    public var committeeMeetingId: Int64?

    public init(
        file: UploadedFile, title: String? = nil, visibility: DocumentVisibility = .public, actionId: Int64? = nil,
        grantId: Int64? = nil, groupMeetingId: Int64? = nil, committeeMeetingId: Int64? = nil
    ) {
        self.file = file
        self.title = title
        self.visibility = visibility
        self.actionId = actionId
        self.grantId = grantId
        self.groupMeetingId = groupMeetingId
        self.committeeMeetingId = committeeMeetingId
    }
}

/// A change to a document's description (merge patch); its file changes by a new version.
public struct DocumentPatch: Sendable, Equatable {
    public var title: Patch<String> = .keep
    public var visibility: Patch<DocumentVisibility> = .keep

    public init() {}

    func apply(to document: inout Document) {
        title.apply(to: &document.title)
        visibility.apply(to: &document.visibility)
    }
}

/// Filters of the document list.
public struct DocumentQuery: Sendable, Equatable {
    /// Only the documents attached to this kind of thing (`roadmap`: the roadmap's own).
    public var attachedTo: DocumentSubject.Kind?
    public var actionId: Int64?
    public var grantId: Int64?
    public var groupMeetingId: Int64?
    public var committeeMeetingId: Int64?
    public var visibility: DocumentVisibility?
    public var page: PageRequest

    public init(
        attachedTo: DocumentSubject.Kind? = nil, actionId: Int64? = nil, grantId: Int64? = nil,
        groupMeetingId: Int64? = nil, committeeMeetingId: Int64? = nil, visibility: DocumentVisibility? = nil,
        page: PageRequest
    ) {
        self.attachedTo = attachedTo
        self.actionId = actionId
        self.grantId = grantId
        self.groupMeetingId = groupMeetingId
        self.committeeMeetingId = committeeMeetingId
        self.visibility = visibility
        self.page = page
    }
}

/// Who is reading: whether restricted documents exist for them.
public enum DocumentReader: Sendable, Equatable {
    /// A caller without a token: public documents only.
    case anonymous
    /// A caller with a token, of any role: every document.
    case tokenHolder

    var seesRestricted: Bool { self == .tokenHolder }
}
