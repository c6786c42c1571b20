import Foundation
import GRDB

/// The people at each partner, as personal data (RGPD).
///
/// - Reading them always needs a token (the contract marks their operations
///   `x-personal-data`; the server's access policy enforces it), and partners' public JSON
///   does not carry them.
/// - Their changes are logged like any other (the audit trail, for admins, shows them); the
///   public change feed and the histories leave the personal fields out
///   (``ChangeRecord/withoutAuditOnlyFields``), and snapshots leave contacts out.
/// - Erasure on request (``delete(partnerId:id:erase:by:ifMatch:)`` with `erase`) removes the
///   person's data everywhere the server keeps it, in one transaction: the contact, every value
///   of its personal fields in the change log (the entries stay, each value replaced by
///   ``erasedMarker``), and any stored answer to a retried request that holds one; then the
///   write-ahead log is emptied into the database file, where `secure_delete` has zeroed the
///   freed space. Backups taken before the erasure still hold the data: they are the
///   operator's to expire.
public struct ContactService: Sendable {
    let database: AppDatabase
    let clock: RoadmapClock

    public init(database: AppDatabase, clock: RoadmapClock) {
        self.database = database
        self.clock = clock
    }

    /// What an erased personal value reads as, in the change log.
    public static let erasedMarker = "[effacé]"

    /// A partner's contacts, the référent first, then by name.
    public func contacts(partnerId: Int64) async throws -> [Contact] {
        try await database.read { db in
            _ = try Partner.find(db, id: partnerId)
            return try Contact.filter(Contact.Columns.partnerId == partnerId)
                .order(Contact.Columns.fneReferent.desc, Column("name").collating(.localizedCaseInsensitiveCompare))
                .fetchAll(db)
        }
    }

    /// One contact of a partner.
    public func contact(partnerId: Int64, id: Int64) async throws -> Contact {
        try await database.read { db in try ContactService.contact(db, partnerId: partnerId, id: id) }
    }

    /// Adds a contact to a partner.
    public func create(partnerId: Int64, _ input: ContactInput, by caller: Caller) async throws -> Contact {
        let contact = input.record(partnerId: partnerId)
        try contact.validate()
        return try await database.write(by: caller, clock: clock) { write in
            _ = try Partner.find(write.db, id: partnerId)
            if contact.fneReferent {
                try ContactService.checkReferentIsFree(write.db, partnerId: partnerId, except: nil)
            }
            var contact = contact
            try write.insert(&contact)
            return contact
        }
    }

    /// Changes a contact.
    public func update(
        partnerId: Int64, id: Int64, _ patch: ContactPatch, by caller: Caller, ifMatch: Precondition<Contact>? = nil
    ) async throws -> Contact {
        try await database.write(by: caller, clock: clock) { write in
            let current = try ContactService.contact(write.db, partnerId: partnerId, id: id)
            var contact = current
            patch.apply(to: &contact)
            try contact.validate()
            try ifMatch.verify(current)
            if contact.fneReferent && !current.fneReferent {
                try ContactService.checkReferentIsFree(write.db, partnerId: partnerId, except: id)
            }
            try write.update(&contact, from: current)
            return contact
        }
    }

    /// Deletes a contact; with `erase`, erases the person's data everywhere (see the type).
    public func delete(
        partnerId: Int64, id: Int64, erase: Bool, by caller: Caller, ifMatch: Precondition<Contact>? = nil
    ) async throws {
        try await database.write(by: caller, clock: clock) { write in
            let contact = try ContactService.contact(write.db, partnerId: partnerId, id: id)
            try ifMatch.verify(contact)
            guard erase else {
                try write.delete(contact)
                return
            }
            let values = try ContactService.eraseLoggedValues(write.db, contactId: id).union(
                [contact.name, contact.function, contact.email, contact.phone].compactMap { $0 })
            try contact.delete(write.db)
            try write.logDeleted(Contact.self, id: id, ContactService.erased(contact))
            try ContactService.eraseStoredAnswers(write.db, holding: values)
        }
        if erase { try await database.truncateWriteAheadLog() }
    }

    // MARK: Rules and queries

    static func contact(_ db: Database, partnerId: Int64, id: Int64) throws -> Contact {
        guard let contact = try Contact.fetchOne(db, primaryKey: id), contact.partnerId == partnerId else {
            throw RoadmapError.notFound(Contact.self, id: id, of: Partner.self, partnerId)
        }
        return contact
    }

    /// One référent FNE per partner (409 naming the current one).
    private static func checkReferentIsFree(_ db: Database, partnerId: Int64, except id: Int64?) throws {
        var request = Contact.filter(Contact.Columns.partnerId == partnerId && Contact.Columns.fneReferent == true)
        if let id { request = request.filter(Contact.Columns.id != id) }
        if let current = try request.fetchOne(db) {
            throw RoadmapError.conflict(
                detail:
                    "The partner already has a référent FNE (contact \(current.id!)); unset it first (PATCH {\"fneReferent\": false}).",
                references: [Reference(Contact.self, id: current.id!, label: "référent FNE")])
        }
    }

    /// The contact with its personal values replaced by the marker.
    static func erased(_ contact: Contact) -> Contact {
        var erased = contact
        erased.name = erasedMarker
        erased.function = contact.function.map { _ in erasedMarker }
        erased.email = contact.email.map { _ in erasedMarker }
        erased.phone = contact.phone.map { _ in erasedMarker }
        return erased
    }

    /// Replaces every personal value in the contact's change-log entries by the marker;
    /// returns the values it replaced (the person's data as it ever was).
    private static func eraseLoggedValues(_ db: Database, contactId: Int64) throws -> Set<String> {
        var replaced: Set<String> = []
        let records = try ChangeRecord.filter(
            ChangeRecord.Columns.entityType == Contact.resourceName && ChangeRecord.Columns.entityId == contactId
        ).fetchAll(db)
        for var record in records {
            var changes = record.changedFields
            for field in Contact.personalFields {
                guard var change = changes[field] else { continue }
                for value in [change.old, change.new] {
                    if case .string(let text)? = value { replaced.insert(text) }
                }
                if let old = change.old, old != .null { change.old = .string(erasedMarker) }
                if let new = change.new, new != .null { change.new = .string(erasedMarker) }
                changes[field] = change
            }
            record.changes = String(decoding: try ChangeLog.encoder.encode(changes), as: UTF8.self)
            try record.update(db)
        }
        return replaced
    }

    /// Forgets the stored answers of retried requests (idempotency keys) that hold one of
    /// `values`: a retry of such a request is then processed as a new one.
    private static func eraseStoredAnswers(_ db: Database, holding values: Set<String>) throws {
        for value in values where !value.isEmpty {
            try db.execute(
                sql: "DELETE FROM idempotencyKey WHERE instr(CAST(body AS TEXT), ?) > 0 OR instr(headers, ?) > 0",
                arguments: [value, value])
        }
    }
}
