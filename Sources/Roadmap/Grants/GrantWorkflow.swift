/// The life of a grant request: `submitted → under_review → accepted | refused`, then
/// `accepted → conventioned → closed` (closed when fully paid), `withdrawn` before a decision.
/// The one table of allowed moves, as for actions (``ActionWorkflow``).
public enum GrantWorkflow {
    public static let transitions: [GrantStatus: [GrantStatus]] = [
        .submitted: [.underReview, .withdrawn],
        .underReview: [.accepted, .refused, .withdrawn],
        .accepted: [.conventioned],
        .conventioned: [.closed],
        .closed: [],
        .refused: [],
        .withdrawn: [],
    ]

    /// The statuses a request may move to from `status`.
    public static func next(from status: GrantStatus) -> [GrantStatus] {
        transitions[status] ?? []
    }

    /// Throws a conflict naming the allowed next states unless `from → to` is allowed (staying
    /// in the same status is always allowed).
    static func check(from: GrantStatus, to: GrantStatus) throws {
        guard from != to, !next(from: from).contains(to) else { return }
        let allowed = next(from: from).map(\.rawValue)
        throw RoadmapError.conflict(
            detail:
                "A grant request cannot go from \(from.rawValue) to \(to.rawValue); allowed next states: \(allowed.isEmpty ? "none (\(from.rawValue) is final)" : allowed.joined(separator: ", "))."
        )
    }
}
