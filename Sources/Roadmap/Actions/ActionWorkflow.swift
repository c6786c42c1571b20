/// The life of an action: `draft → planned → in_progress → done`, `abandoned` from any state
/// but `done`, and back from `abandoned` to `planned`. The one table of allowed moves.
public enum ActionWorkflow {
    public static let transitions: [ActionStatus: [ActionStatus]] = [
        .draft: [.planned, .abandoned],
        .planned: [.inProgress, .abandoned],
        .inProgress: [.done, .abandoned],
        .done: [],
        .abandoned: [.planned],
    ]

    /// The statuses an action may move to from `status`.
    public static func next(from status: ActionStatus) -> [ActionStatus] {
        transitions[status] ?? []
    }

    /// The statuses a new action may start in.
    public static let initial: [ActionStatus] = [.draft, .planned]

    /// Throws a conflict naming the allowed next states unless `from → to` is allowed
    /// (staying in the same status is always allowed).
    static func check(from: ActionStatus, to: ActionStatus) throws {
        guard from != to, !next(from: from).contains(to) else { return }
        let allowed = next(from: from).map(\.rawValue)
        throw RoadmapError.conflict(
            detail:
                "An action cannot go from \(from.rawValue) to \(to.rawValue); allowed next states: \(allowed.isEmpty ? "none (done is final)" : allowed.joined(separator: ", "))."
        )
    }
}
