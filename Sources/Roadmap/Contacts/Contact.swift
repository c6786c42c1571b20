import Foundation
import GRDB

/// A person at a partner (name, function, e-mail, phone), possibly its « référent FNE ».
/// These are personal data (RGPD): never served without a token, left out of the public
/// change feed and histories, and erasable everywhere on request (``ContactService``).
public struct Contact: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord,
    AuditedRecord
{
    public static let databaseTableName = "contact"

    public var id: Int64?
    public var partnerId: Int64
    public var name: String
    public var function: String?
    public var email: String?
    public var phone: String?
    /// The partner's « référent FNE »: at most one per partner.
    public var fneReferent: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, partnerId: Int64, name: String, function: String? = nil, email: String? = nil,
        phone: String? = nil, fneReferent: Bool = false, createdAt: Date = .unstamped, updatedAt: Date = .unstamped
    ) {
        self.id = id
        self.partnerId = partnerId
        self.name = name
        self.function = function
        self.email = email
        self.phone = phone
        self.fneReferent = fneReferent
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let partnerId = Column(CodingKeys.partnerId)
        static let fneReferent = Column(CodingKeys.fneReferent)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The fields that identify the person: what the public feed leaves out and erasure
    /// replaces.
    public static let personalFields: Set<String> = ["name", "function", "email", "phone"]

    func validate(into v: inout Validator) {
        v.line(name, "name")
        v.line(function, "function")
        if let email, let problem = Identifiers.emailProblem(email) { v.fail("email", problem) }
        if let phone, let problem = Contact.phoneProblem(phone) { v.fail("phone", problem) }
    }

    /// A phone number as people write it: digits, spaces, dots, dashes, parentheses and a
    /// leading +, with 6 to 15 digits (E.164's longest).
    static func phoneProblem(_ phone: String) -> String? {
        let allowed = Set("0123456789 .-()")
        let body = phone.hasPrefix("+") ? phone.dropFirst() : Substring(phone)
        guard body.allSatisfy({ allowed.contains($0) }) else {
            return "must be a phone number: digits, spaces, dots, dashes, parentheses and a leading +"
        }
        let digits = body.filter(\.isNumber).count
        guard (6...15).contains(digits) else { return "must have 6 to 15 digits, got \(digits)" }
        return nil
    }
}

/// A new contact.
public struct ContactInput: Sendable, Equatable {
    public var name: String
    public var function: String?
    public var email: String?
    public var phone: String?
    public var fneReferent: Bool

    public init(
        name: String, function: String? = nil, email: String? = nil, phone: String? = nil, fneReferent: Bool = false
    ) {
        self.name = name
        self.function = function
        self.email = email
        self.phone = phone
        self.fneReferent = fneReferent
    }

    func record(partnerId: Int64) -> Contact {
        Contact(
            partnerId: partnerId, name: name, function: function, email: email, phone: phone, fneReferent: fneReferent)
    }
}

/// A change to a contact (merge patch).
public struct ContactPatch: Sendable, Equatable {
    public var name: Patch<String> = .keep
    public var function: Patch<String?> = .keep
    public var email: Patch<String?> = .keep
    public var phone: Patch<String?> = .keep
    public var fneReferent: Patch<Bool> = .keep

    public init() {}

    func apply(to contact: inout Contact) {
        name.apply(to: &contact.name)
        function.apply(to: &contact.function)
        email.apply(to: &contact.email)
        phone.apply(to: &contact.phone)
        fneReferent.apply(to: &contact.fneReferent)
    }
}
