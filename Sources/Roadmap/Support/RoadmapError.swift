import GRDB

/// The errors the domain reports. Each maps to one HTTP status in the server target; the domain
/// itself knows nothing of HTTP.
public enum RoadmapError: Error, Equatable, Sendable {
    /// No `entity` with this id (→ 404).
    case notFound(entity: String, id: String)
    /// The request breaks field rules (→ 400): each entry names the field and the rule.
    case invalid([FieldError])
    /// The request is well-formed but refers to data that does not exist or does not fit
    /// together (→ 422), e.g. a working group of another axis.
    case unprocessable([FieldError])
    /// The change conflicts with stored data (→ 409): a duplicate, a forbidden transition, or
    /// data that still refers to what is being deleted. `references` names that data.
    case conflict(detail: String, references: [Reference] = [])
    /// The caller's `If-Match` no longer matches the stored representation (→ 412).
    case preconditionFailed
    /// A value (an uploaded file) is larger than the server accepts, `limit` bytes (→ 413).
    case tooLarge(field: String, limit: Int)
    /// A value (an uploaded file) is of a kind the server does not accept (→ 415).
    case unsupportedContent(FieldError)
    /// The database does not answer (→ 503).
    case unavailable(String)

    /// Shorthand for a single invalid field.
    public static func invalid(_ field: String, _ message: String) -> RoadmapError {
        .invalid([FieldError(field: field, message: message)])
    }

    /// No record of type `R` with this id: the entity is named by its table.
    static func notFound<R: TableRecord>(_ entity: R.Type, id: Int64) -> RoadmapError {
        .notFound(entity: R.databaseTableName, id: String(id))
    }

    /// No record of type `R` with this id under the `parent` record `parentId` (an indicator
    /// of an action, a meeting of a group).
    static func notFound<R: TableRecord, P: TableRecord>(
        _ entity: R.Type, id: Int64, of parent: P.Type, _ parentId: Int64
    ) -> RoadmapError {
        .notFound(entity: R.databaseTableName, id: "\(id) of \(P.databaseTableName) \(parentId)")
    }

    /// Shorthand for a single unprocessable field.
    public static func unprocessable(_ field: String, _ message: String) -> RoadmapError {
        .unprocessable([FieldError(field: field, message: message)])
    }
}

/// One faulty field and the rule its value breaks.
public struct FieldError: Equatable, Sendable, CustomStringConvertible {
    /// The field as a JSON path (`title`, `timeline[1].period`) or a parameter name.
    public var field: String
    /// The rule, in words a curl user understands.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Stored data that refers to something, named in a 409 so that the caller knows what to
/// change first.
public struct Reference: Equatable, Sendable, CustomStringConvertible {
    /// The kind of data, e.g. `workingGroup`, `action`, `fundingEnvelope`.
    public var entity: String
    public var id: Int64
    /// Its human name (title, label, name).
    public var label: String

    public init(entity: String, id: Int64, label: String) {
        self.entity = entity
        self.id = id
        self.label = label
    }

    /// A reference to the record of type `R` with this id: the entity is named by its table.
    init<R: TableRecord>(_ entity: R.Type, id: Int64, label: String) {
        self.init(entity: R.databaseTableName, id: id, label: label)
    }

    public var description: String { "\(entity) \(id) « \(label) »" }
}
