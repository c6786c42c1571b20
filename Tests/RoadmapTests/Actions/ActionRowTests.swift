import Foundation
import GRDB
import Testing

@testable import Roadmap

/// `Action` reads its row by hand (issue 18): every column must come back as it was written.
@Suite("Action rows")
struct ActionRowTests {
    @Test("an action with every field set comes back from its row equal to what was written")
    func everyField() async throws {
        // setup
        let services = try makeServices()
        let written = Action(
            axisId: 2, groupId: 2, leadPartnerId: 1, title: "Médiation numérique itinérante",
            description: "Un bus dans les communes", status: .inProgress, startOn: CalendarDate("2025-03-01"),
            endOn: CalendarDate("2026-02-28"), budgetCents: 1_234_567, targetAudience: "Seniors",
            notes: "Financée par l'État", progressBasisPoints: 4_250, createdAt: testInstant,
            updatedAt: testInstant.addingTimeInterval(61.5))
        // MUT
        let (inserted, read) = try await services.database.write { db in
            var action = written
            try action.insert(db)
            return (action, try Action.fetchOne(db, primaryKey: action.id!))
        }
        // validate
        #expect(read == inserted)
        #expect(read?.titleKey == TextKey.fold("Médiation numérique itinérante"))
    }

    @Test("an action with only its required fields comes back with the others empty")
    func requiredFieldsOnly() async throws {
        // setup
        let services = try makeServices()
        let written = Action(axisId: 1, title: "Atelier", createdAt: testInstant, updatedAt: testInstant)
        // MUT
        let (inserted, read) = try await services.database.write { db in
            var action = written
            try action.insert(db)
            return (action, try Action.fetchOne(db, primaryKey: action.id!))
        }
        // validate
        #expect(read == inserted)
        #expect(read?.groupId == nil && read?.startOn == nil && read?.budgetCents == nil && read?.notes == nil)
    }

    @Test("a row with a status the table forbids fails that read only: later writes are still taken")
    func unknownStatusFailsOneRead() async throws {
        // setup: a row written past the CHECK constraint, as only a damaged file could hold it
        let services = try makeServices()
        let id = try await services.database.write { db in
            var action = Action(axisId: 1, title: "Atelier", createdAt: testInstant, updatedAt: testInstant)
            try action.insert(db)
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE action SET status = 'paused' WHERE id = ?", arguments: [action.id!])
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
            return action.id!
        }
        // MUT
        await #expect(throws: (any Error).self) { _ = try await services.actions.get(id: id) }
        // validate
        let axis = try await services.axes.create(AxisInput(number: 7, title: "Axe 7"), by: .anonymous)
        #expect(axis.axis.number == 7)
    }
}
