import Foundation
import Testing
@testable import LanesCore

@Suite("Cron expressions and schedule timing")
struct CronTests {
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    static func iso(_ date: Date?) -> String {
        guard let date else { return "none" }
        return ISO8601DateFormatter().string(from: date)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let expression: String
        let zone: String
        let after: String
        let expected: String
        var testDescription: String { "\(expression) after \(after) in \(zone)" }
    }

    @Test("the next run time", arguments: [
        Case(expression: "*/15 * * * *", zone: "UTC", after: "2026-01-01T10:07:00Z", expected: "2026-01-01T10:15:00Z"),
        Case(expression: "0 2 * * *", zone: "UTC", after: "2026-01-01T02:00:00Z", expected: "2026-01-02T02:00:00Z"),
        Case(expression: "30 9 * * MON-FRI", zone: "UTC", after: "2026-11-20T10:00:00Z", expected: "2026-11-23T09:30:00Z"),
        Case(expression: "0 0 31 * *", zone: "UTC", after: "2026-04-01T00:00:00Z", expected: "2026-05-31T00:00:00Z"),
        Case(expression: "0 0 L * *".replacingOccurrences(of: "L", with: "28-31"), zone: "UTC", after: "2027-02-27T12:00:00Z", expected: "2027-02-28T00:00:00Z"),
        Case(expression: "0 12 29 FEB *", zone: "UTC", after: "2026-03-01T00:00:00Z", expected: "2028-02-29T12:00:00Z"),
        Case(expression: "0 0 1,15 * 0", zone: "UTC", after: "2026-11-02T00:00:00Z", expected: "2026-11-08T00:00:00Z"),
        Case(expression: "5-10/5 8 * JAN,jul *", zone: "UTC", after: "2026-01-01T08:06:00Z", expected: "2026-01-01T08:10:00Z"),
        Case(expression: "0 9 * * 7", zone: "UTC", after: "2026-11-23T00:00:00Z", expected: "2026-11-29T09:00:00Z"),
        // Spring forward in New York (2026-03-08 02:00 -> 03:00): 02:30 does not exist that day.
        Case(expression: "30 2 * * *", zone: "America/New_York", after: "2026-03-07T08:00:00Z", expected: "2026-03-09T06:30:00Z"),
        // Fall back (2026-11-01 02:00 -> 01:00): 01:30 happens twice and runs once.
        Case(expression: "30 1 * * *", zone: "America/New_York", after: "2026-11-01T04:00:00Z", expected: "2026-11-01T05:30:00Z"),
        Case(expression: "30 1 * * *", zone: "America/New_York", after: "2026-11-01T05:30:00Z", expected: "2026-11-02T06:30:00Z"),
        Case(expression: "0 8 * * *", zone: "Europe/Berlin", after: "2026-07-01T00:00:00Z", expected: "2026-07-01T06:00:00Z"),
    ])
    func next(_ c: Case) throws {
        let cron = try CronExpression(c.expression)
        #expect(Self.iso(cron.next(after: Self.date(c.after), in: TimeZone(identifier: c.zone)!)) == c.expected)
    }

    @Test("a bad expression names the field and the part that is wrong", arguments: [
        ("* * * *", "expected 5 fields"),
        ("60 * * * *", "minute field: '60' is not in 0-59"),
        ("* 24 * * *", "hour field: '24'"),
        ("* * 0 * *", "day-of-month field: '0'"),
        ("* * * FOO *", "month field: 'FOO'"),
        ("* * * * MON-XYZ", "day-of-week field: 'XYZ'"),
        ("*/0 * * * *", "step '0'"),
        ("5-1 * * * *", "runs backwards"),
        ("1,,2 * * * *", "minute field: ''"),
    ])
    func refuses(expression: String, fragment: String) {
        #expect {
            _ = try CronExpression(expression)
        } throws: { "\($0)".contains(fragment) }
    }

    @Test("intervals run on their boundaries; day intervals at a local time of day", arguments: [
        ("5m", nil as String?, "UTC", "2026-01-01T10:07:00Z", "2026-01-01T10:10:00Z"),
        ("1h", nil, "UTC", "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"),
        ("1d", "02:00", "UTC", "2026-01-01T03:00:00Z", "2026-01-02T02:00:00Z"),
        ("1d", "02:00", "Asia/Tokyo", "2026-01-01T03:00:00Z", "2026-01-01T17:00:00Z"),
    ])
    func interval(text: String, at: String?, zone: String, after: String, expected: String) throws {
        let timing = try ScheduleTiming.interval(text, at: at)
        #expect(Self.iso(timing.next(after: Self.date(after), in: TimeZone(identifier: zone)!)) == expected)
    }

    @Test("a bad interval is refused", arguments: ["5", "m", "0m", "5w", "-1h"])
    func badInterval(text: String) {
        #expect(throws: CronExpression.ParseError.self) { _ = try ScheduleTiming.interval(text, at: nil) }
    }
}
