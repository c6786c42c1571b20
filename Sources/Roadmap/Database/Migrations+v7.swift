import GRDB

extension Migrations {
    /// Grant requests, their beneficiaries and payments (issue 15), and the RNA number of
    /// partners. Additive only: allocations keep their rows and amounts, and draw on their
    /// envelope beside the grants (an envelope's remainder is its amount − allocations −
    /// granted amounts), so no stored amount changes.
    static func v7Grants(_ db: Database) throws {
        try db.alter(table: "partner") { t in
            t.add(column: "rna", .text)
                .check(
                    sql:
                        "rna IS NULL OR (length(rna) = 10 AND substr(rna, 1, 1) = 'W' AND substr(rna, 2) NOT GLOB '*[^0-9]*')"
                )
        }
        try db.create(index: "partner_on_rna", on: "partner", columns: ["rna"], unique: true)

        try db.create(table: "grantRequest") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("actionId", .integer).notNull().references("action", onDelete: .restrict)
            t.column("envelopeId", .integer).notNull().references("fundingEnvelope", onDelete: .restrict)
            t.column("status", .text).notNull()
                .check(
                    sql:
                        "status IN ('submitted','under_review','accepted','refused','conventioned','closed','withdrawn')"
                )
            t.column("purpose", .text)
            t.column("requestedCents", .integer).notNull().check(sql: "requestedCents > 0")
            t.column("staffCents", .integer).check(sql: "staffCents IS NULL OR staffCents >= 0")
            t.column("servicesCents", .integer).check(sql: "servicesCents IS NULL OR servicesCents >= 0")
            t.column("grantedCents", .integer)
                .check(sql: "grantedCents IS NULL OR (grantedCents > 0 AND grantedCents <= requestedCents)")
            t.column("refusalReason", .text)
            t.column("submittedOn", .text).notNull()
            t.column("decidedOn", .text)
            t.column("conventionDate", .text)
            t.column("decisionReference", .text)
            t.column("paymentConditions", .text).notNull()
                .check(sql: "paymentConditions IN ('single','instalments','other')")
            t.column("nature", .text).notNull().check(sql: "nature IN ('cash','in_kind')")
            t.column("paymentPeriodStart", .text)
            t.column("paymentPeriodEnd", .text)
            t.column("euNotification", .boolean).notNull().defaults(to: false)
            t.column("notes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
            // A granted amount exists from acceptance on, and only then.
            t.check(
                sql:
                    "(status IN ('accepted','conventioned','closed')) = (grantedCents IS NOT NULL)"
            )
        }
        try db.create(index: "grantRequest_on_envelopeId", on: "grantRequest", columns: ["envelopeId", "status"])
        try db.create(index: "grantRequest_on_actionId", on: "grantRequest", columns: ["actionId"])

        try db.create(table: "grantBeneficiary") { t in
            t.column("grantId", .integer).notNull().references("grantRequest", onDelete: .cascade)
            t.column("partnerId", .integer).notNull().references("partner", onDelete: .restrict)
            t.column("position", .integer).notNull()
            t.column("requestedCents", .integer).notNull().check(sql: "requestedCents > 0")
            t.column("grantedCents", .integer).check(sql: "grantedCents IS NULL OR grantedCents >= 0")
            t.primaryKey(["grantId", "partnerId"])
        }
        try db.create(index: "grantBeneficiary_on_partnerId", on: "grantBeneficiary", columns: ["partnerId"])

        try db.create(table: "grantPayment") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("grantId", .integer).notNull().references("grantRequest", onDelete: .restrict)
            t.column("paidOn", .text).notNull()
            t.column("amountCents", .integer).notNull().check(sql: "amountCents > 0")
            t.column("notes", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(index: "grantPayment_on_grantId", on: "grantPayment", columns: ["grantId", "paidOn"])
    }
}
