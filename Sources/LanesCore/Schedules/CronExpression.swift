import Foundation

/// A five-field cron expression (minute hour day-of-month month day-of-week) with ranges, lists,
/// steps and names (`JAN`, `MON`); day-of-month and day-of-week match either when both are set.
public struct CronExpression: Sendable, Equatable {
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let daysOfMonth: Set<Int>
    public let months: Set<Int>
    /// 0 = Sunday ... 6 = Saturday.
    public let daysOfWeek: Set<Int>
    let domRestricted: Bool
    let dowRestricted: Bool
    /// The text it was parsed from.
    public let source: String

    /// A problem in an expression, naming the field and the part that is wrong.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    public init(_ text: String) throws(ParseError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "cron '\(text)': expected 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        source = text
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], name: "day-of-month", range: 1...31, names: [])
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, namesStart: 1)
        var dow = try Self.field(fields[4], name: "day-of-week", range: 0...7, names: Self.dayNames)
        if dow.remove(7) != nil { dow.insert(0) }
        daysOfWeek = dow
        domRestricted = fields[2] != "*" && fields[2] != "?"
        dowRestricted = fields[4] != "*" && fields[4] != "?"
    }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String], namesStart: Int = 0) throws(ParseError) -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2, !pieces[0].isEmpty else {
                throw ParseError(description: "cron \(name) field: '\(part)' is not a value, range or step")
            }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw ParseError(description: "cron \(name) field: step '\(pieces[1])' must be a positive number") }
                step = s
            }
            var low = range.lowerBound, high = range.upperBound
            if pieces[0] != "*" && pieces[0] != "?" {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard bounds.count <= 2 else { throw ParseError(description: "cron \(name) field: '\(pieces[0])' is not a range") }
                low = try value(bounds[0], name: name, range: range, names: names, namesStart: namesStart)
                high = bounds.count == 2 ? try value(bounds[1], name: name, range: range, names: names, namesStart: namesStart)
                    : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else { throw ParseError(description: "cron \(name) field: range '\(pieces[0])' runs backwards") }
            }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    private static func value(_ text: String, name: String, range: ClosedRange<Int>, names: [String], namesStart: Int) throws(ParseError) -> Int {
        if let index = names.firstIndex(of: text.uppercased()) { return index + namesStart }
        guard let number = Int(text), range.contains(number) else {
            throw ParseError(description: "cron \(name) field: '\(text)' is not in \(range.lowerBound)-\(range.upperBound)\(names.isEmpty ? "" : " or a name like \(names[1])")")
        }
        return number
    }

    /// True when a local date (day, month, weekday) is one the expression runs on.
    func matchesDay(day: Int, month: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let dom = daysOfMonth.contains(day), dow = daysOfWeek.contains(weekday)
        if domRestricted && dowRestricted { return dom || dow }
        return dom && dow
    }

    /// The first run strictly after `date`, in `timeZone` (DST-aware: a local time skipped by a
    /// spring-forward does not run that day; a repeated one runs once). nil if none within 8 years.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.dateComponents([.year, .month, .day], from: date)
        guard var day = calendar.date(from: start) else { return nil }
        let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
        for _ in 0..<(366 * 8) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if matchesDay(day: parts.day!, month: parts.month!, weekday: parts.weekday! - 1) {
                for hour in sortedHours {
                    for minute in sortedMinutes {
                        var wanted = parts
                        wanted.hour = hour
                        wanted.minute = minute
                        wanted.second = 0
                        wanted.weekday = nil
                        guard let candidate = calendar.date(from: wanted), candidate > date else { continue }
                        // Skip local times that do not exist (the clock jumped over them).
                        let check = calendar.dateComponents([.hour, .minute, .day], from: candidate)
                        if check.hour == hour && check.minute == minute && check.day == parts.day { return candidate }
                    }
                }
            }
            guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = following
        }
        return nil
    }
}
