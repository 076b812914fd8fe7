import Foundation

/// When a recurring schedule fires: a cron expression, or a fixed interval (`5m`, `1h`, `1d`,
/// optionally `at: "02:00"` for day intervals), in a time zone.
public enum ScheduleTiming: Sendable, Equatable {
    case cron(CronExpression)
    /// Every `seconds`; `at` is the local time of day (minutes after midnight) for whole-day intervals.
    case interval(seconds: Int, at: Int?)

    /// Parses an interval such as `30s`, `5m`, `1h`, `1d`; the error names the part that is wrong.
    public static func interval(_ text: String, at: String?) throws(CronExpression.ParseError) -> ScheduleTiming {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let scale = units[unit], let count = Int(text.dropLast()), count > 0 else {
            throw CronExpression.ParseError(description: "interval '\(text)': expected a number and a unit (s, m, h, d), e.g. 5m")
        }
        let seconds = count * scale
        var minutes: Int?
        if let at {
            let parts = at.split(separator: ":").map { Int($0) }
            guard parts.count == 2, let h = parts[0], let m = parts[1], (0...23).contains(h), (0...59).contains(m) else {
                throw CronExpression.ParseError(description: "at '\(at)': expected HH:MM")
            }
            guard seconds % 86_400 == 0 else {
                throw CronExpression.ParseError(description: "at '\(at)': only day intervals (e.g. 1d) take a time of day")
            }
            minutes = h * 60 + m
        }
        return .interval(seconds: seconds, at: minutes)
    }

    /// The first due time strictly after `date`.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        switch self {
        case .cron(let expression):
            return expression.next(after: date, in: timeZone)
        case .interval(let seconds, let at):
            guard let at else {
                let now = date.timeIntervalSince1970
                return Date(timeIntervalSince1970: (floor(now / Double(seconds)) + 1) * Double(seconds))
            }
            let days = seconds / 86_400
            guard let cron = try? CronExpression("\(at % 60) \(at / 60) * * *") else { return nil }
            var next = cron.next(after: date, in: timeZone)
            if days > 1, let first = next {
                // Every N days: the due day's number since the epoch (local) must be a multiple of N.
                var candidate = first
                for _ in 0..<days {
                    let offset = Double(timeZone.secondsFromGMT(for: candidate))
                    let dayNumber = Int(floor((candidate.timeIntervalSince1970 + offset) / 86_400))
                    if dayNumber % days == 0 { break }
                    candidate = cron.next(after: candidate, in: timeZone) ?? candidate
                }
                next = candidate
            }
            return next
        }
    }
}
