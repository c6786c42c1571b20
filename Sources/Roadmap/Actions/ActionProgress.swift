/// How far an action has come, in basis points (0–10 000), defined once here:
///
/// - With indicators: the mean of the indicators' achievements, each
///   `(current − baseline) / (target − baseline)` (baseline 0 when absent), clamped to
///   0…100 %, in whole basis points rounded down; the mean is rounded down too.
/// - Without indicators, from the status: draft 0, planned 0, in_progress 50 %, done 100 %,
///   abandoned 0.
///
/// Averages over several actions (axis and roadmap summaries) leave abandoned actions out.
public enum ActionProgress {
    public static func basisPoints(status: ActionStatus, indicators: [ActionIndicator]) -> Int {
        guard !indicators.isEmpty else {
            switch status {
            case .draft, .planned, .abandoned: return 0
            case .inProgress: return 5_000
            case .done: return 10_000
            }
        }
        let total = indicators.reduce(0) { $0 + achievement($1) }
        return total / indicators.count
    }

    /// One indicator's achievement in basis points, 0…10 000.
    public static func achievementBasisPoints(_ indicator: ActionIndicator) -> Int { achievement(indicator) }

    static func achievement(_ indicator: ActionIndicator) -> Int {
        let baseline = indicator.baselineValue ?? 0
        let span = indicator.targetValue - baseline
        guard span > 0 else { return indicator.currentValue >= indicator.targetValue ? 10_000 : 0 }
        let done = max(0, min(indicator.currentValue - baseline, span))
        // 128-bit product: values are Int64 and 10 000 × value may overflow 64 bits.
        let (high, low) = done.multipliedFullWidth(by: 10_000)
        let (quotient, _) = span.dividingFullWidth((high, low))
        return Int(quotient)
    }
}
