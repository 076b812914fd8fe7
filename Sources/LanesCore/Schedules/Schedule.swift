import Foundation

/// A recurring schedule: when it fires, in which time zone, and the task it creates each time.
public struct Schedule: Sendable, Equatable {
    /// Unique name: letters, digits, `-`, `_`, `.`.
    public var name: String
    /// The cron expression text, when the schedule is a cron.
    public var cron: String?
    /// The interval text (`5m`, `1h`, `1d`), when the schedule is an interval.
    public var interval: String?
    /// Local time of day (`HH:MM`) for day intervals.
    public var at: String?
    /// IANA time zone name; default UTC.
    public var timezone: String
    /// The task created at each due time (its `runAt` and keys are ignored).
    public var task: NewTask
    public var paused: Bool

    public init(name: String, cron: String? = nil, interval: String? = nil, at: String? = nil, timezone: String = "UTC", task: NewTask, paused: Bool = false) {
        self.name = name
        self.cron = cron
        self.interval = interval
        self.at = at
        self.timezone = timezone
        self.task = task
        self.paused = paused
    }

    /// A problem with a schedule, naming the field and what is wrong.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let description: String
    }

    /// The parsed timing and zone; throws a problem naming the part that is wrong.
    public func timing() throws(Problem) -> (ScheduleTiming, TimeZone) {
        guard Schedule.isValidName(name) else {
            throw Problem(field: "name", description: "name '\(name)': use 1-100 letters, digits, '-', '_' or '.'")
        }
        guard let zone = TimeZone(identifier: timezone) else {
            throw Problem(field: "timezone", description: "timezone '\(timezone)' is not an IANA time zone such as Europe/Berlin")
        }
        switch (cron, interval) {
        case (let cron?, nil):
            do { return (.cron(try CronExpression(cron)), zone) } catch { throw Problem(field: "cron", description: error.description) }
        case (nil, let interval?):
            do { return (try ScheduleTiming.interval(interval, at: at), zone) } catch { throw Problem(field: "interval", description: error.description) }
        default:
            throw Problem(field: "cron", description: "give exactly one of 'cron' or 'interval'")
        }
    }

    /// The due times after `last` up to `now` that should fire (ms since the epoch). Ticks within
    /// `catchUpMs` of now each fire (a leader change loses none); older missed ticks collapse into
    /// one firing (after downtime a schedule runs once, not once per missed tick).
    public func dueTimes(after last: Int64, now: Int64, catchUpMs: Int64 = 60_000) throws(Problem) -> [Int64] {
        let (timing, zone) = try timing()
        var dues: [Int64] = []
        var cursor = Date(timeIntervalSince1970: Double(max(last, now - 366 * 86_400_000)) / 1000)
        for _ in 0..<100_000 {
            guard let next = timing.next(after: cursor, in: zone) else { break }
            let ms = Int64((next.timeIntervalSince1970 * 1000).rounded())
            if ms > now { break }
            dues.append(ms)
            cursor = next
        }
        let recent = dues.filter { $0 > now - catchUpMs }
        if recent.isEmpty, let latest = dues.last { return [latest] }
        return recent
    }

    /// The next due time after `now` (ms), for display.
    public func nextRun(after now: Int64) -> Int64? {
        guard let (timing, zone) = try? timing(),
            let next = timing.next(after: Date(timeIntervalSince1970: Double(now) / 1000), in: zone)
        else { return nil }
        return Int64((next.timeIntervalSince1970 * 1000).rounded())
    }

    public static func isValidName(_ name: String) -> Bool {
        (1...100).contains(name.count) && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}
