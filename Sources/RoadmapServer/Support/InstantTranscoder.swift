import Foundation
import OpenAPIRuntime

/// Instants in answers as RFC 3339 in UTC to the second (`2025-01-24T10:00:00Z`): the text
/// swift-openapi-runtime's `.iso8601` transcoder writes, without its formatter. That one goes
/// through ICU behind a lock shared by every thread, and was a seventh of the CPU of a page of
/// actions (issue 18). Before 1583 (ICU counts those days in the Julian calendar) and after
/// 9999, and for decoding (requests rarely carry an instant), the runtime's transcoder does the
/// work.
struct InstantTranscoder: DateTranscoder {
    private static let standard = ISO8601DateTranscoder.iso8601
    /// 1583-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since 1970.
    private static let writtenHere: Range<Int64> = -12_212_553_600..<253_402_300_800

    func encode(_ date: Date) throws -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, let seconds = Int64(exactly: interval), Self.writtenHere.contains(seconds) else {
            return try Self.standard.encode(date)
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civil(daysSince1970: days)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var value = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(time / 3_600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(time / 60 % 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(time % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    func decode(_ text: String) throws -> Date {
        try Self.standard.decode(text)
    }

    /// The proleptic Gregorian day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
