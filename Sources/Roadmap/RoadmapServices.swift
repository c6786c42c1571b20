/// Every service of the domain, built on one database and one clock. The HTTP layer and the
/// command line hold one of these.
public struct RoadmapServices: Sendable {
    public let database: AppDatabase
    public let clock: RoadmapClock

    /// The largest document accepted, in bytes.
    public let documentMaximumBytes: Int

    public init(
        database: AppDatabase, clock: RoadmapClock = .system,
        documentMaximumBytes: Int = DocumentService.defaultMaximumBytes
    ) {
        self.database = database
        self.clock = clock
        self.documentMaximumBytes = documentMaximumBytes
    }

    public var roadmap: RoadmapService { RoadmapService(database: database, clock: clock) }
    public var axes: AxisService { AxisService(database: database, clock: clock) }

    // partners
    public var partners: PartnerService { PartnerService(database: database, clock: clock) }

    // working groups
    public var groups: GroupService { GroupService(database: database, clock: clock) }
    // governance: committees, their meetings and decisions, membership over time
    public var governance: GovernanceService { GovernanceService(database: database, clock: clock) }
    // the people at partners: personal data
    public var contacts: ContactService { ContactService(database: database, clock: clock) }

    // documents: files attached to the roadmap, meetings, actions and grant requests
    public var documents: DocumentService {
        DocumentService(database: database, clock: clock, maximumBytes: documentMaximumBytes)
    }

    // actions
    public var actions: ActionService { ActionService(database: database, clock: clock) }

    // funding
    public var funding: FundingService { FundingService(database: database, clock: clock) }
    public var grants: GrantService { GrantService(database: database, clock: clock) }

    // reports
    public var spreadsheets: SpreadsheetService { SpreadsheetService(database: database, clock: clock) }
    public var yearReports: YearReportService { YearReportService(database: database, clock: clock) }
    public var snapshots: SnapshotService { SnapshotService(database: database, clock: clock) }
    public var deadlines: DeadlineCalendar { DeadlineCalendar(database: database) }

    // access, audit and changes
    public var tokens: TokenService { TokenService(database: database, clock: clock) }
    public var changes: ChangeService { ChangeService(database: database) }
    public var idempotency: IdempotencyService { IdempotencyService(database: database, clock: clock) }
}
