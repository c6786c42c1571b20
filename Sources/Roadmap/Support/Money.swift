/// Amounts in euro cents (`Int64`), never floating point, and their exact divisions.
public enum Money {
    /// The largest amount the roadmap takes in one field: 10 000 000 000,00 € (10¹² cents).
    /// Far above any real budget, and low enough that sums over millions of rows stay exact
    /// in 64 bits.
    public static let maximumCents: Int64 = 1_000_000_000_000

    /// `123456` → `"1234.56"` (dot decimal separator, as open-data formats require).
    public static func decimal(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let euros = magnitude / 100
        let rest = magnitude % 100
        return "\(sign)\(euros).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// `4100000` → `"41 000,00 €"` (French writing, for messages).
    public static func french(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var euros = String(magnitude / 100)
        var grouped = ""
        while euros.count > 3 {
            grouped = "\u{202F}" + euros.suffix(3) + grouped
            euros.removeLast(3)
        }
        let rest = magnitude % 100
        return "\(sign)\(euros)\(grouped),\(rest < 10 ? "0" : "")\(rest) €"
    }

    /// Splits `total × shares / 10 000` into one amount per share (largest-remainder method):
    /// each part is its exact value rounded down, then the cents still missing to reach the
    /// rounded-down total go one each to the parts with the largest remainders (ties: the
    /// earlier part). The parts always add up exactly to `floor(total × Σshares / 10 000)`, so
    /// 100 % of a budget is always exactly the budget.
    public static func apportion(_ total: Int64, shares: [Int]) -> [Int64] {
        guard total > 0, !shares.isEmpty else { return shares.map { _ in 0 } }
        var parts: [Int64] = []
        var remainders: [(index: Int, remainder: UInt64)] = []
        for (index, share) in shares.enumerated() {
            let (quotient, remainder) = divide(total, times: Int64(share), by: 10_000)
            parts.append(quotient)
            remainders.append((index, remainder))
        }
        let (target, _) = divide(total, times: Int64(shares.reduce(0, +)), by: 10_000)
        var missing = target - parts.reduce(0, +)
        for entry in remainders.sorted(by: {
            $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index
        }) where missing > 0 {
            parts[entry.index] += 1
            missing -= 1
        }
        return parts
    }

    /// `value × factor / divisor` rounded down, and the remainder, without overflow.
    static func divide(_ value: Int64, times factor: Int64, by divisor: Int64) -> (Int64, UInt64) {
        let product = value.magnitude.multipliedFullWidth(by: factor.magnitude)
        let (quotient, remainder) = divisor.magnitude.dividingFullWidth(product)
        return (Int64(clamping: quotient), remainder)
    }
}
