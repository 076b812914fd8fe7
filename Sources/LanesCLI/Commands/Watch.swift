import ArgumentParser
import Foundation

/// `lanes watch`: a live table of lanes and workers, refreshed until Ctrl-C.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A live table of lanes, refreshed every second until Ctrl-C.",
        discussion: "The screen is cleared between refreshes only when stdout is a terminal; otherwise each table follows the last. --json prints one /stats answer a line."
    )

    @Option(name: [.short, .long], help: ArgumentHelp("Seconds between refreshes: 1, 0.5, 2s.", valueName: "duration")) var interval = "1"
    @Option(name: [.short, .long], help: "Stop after this many refreshes (default: until Ctrl-C).") var count: Int?
    @OptionGroup var api: APIOptions

    func validate() throws {
        if Format.parseDuration(interval).map({ $0 >= 0.1 }) != true { throw ValidationError("--interval: expected a duration of at least 0.1s, got '\(interval)'") }
        if let count, count < 1 { throw ValidationError("--count must be 1 or more, got \(count)") }
    }

    func run() async throws {
        let client = try api.client()
        let period = Format.parseDuration(interval) ?? 1
        let clear = Terminal.stdoutIsTTY && !api.json
        var previous: (at: Date, finished: [String: Int])?
        var refreshes = 0
        while count.map({ refreshes < $0 }) ?? true {
            if refreshes > 0 { try await Task.sleep(for: .milliseconds(Int(period * 1000))) }
            refreshes += 1
            let started = Date()
            let screen: String
            do {
                let stats = try await client.call("GET", "/stats")
                if api.json {
                    Terminal.out(stats.text.replacingOccurrences(of: "\n", with: "") + "\n")
                    continue
                }
                let workers = try await client.call("GET", "/workers").json
                let lanes = stats.json["queues"].array
                var finished: [String: Int] = [:]
                for lane in lanes { finished[lane["queue"].string ?? ""] = ["completed", "failed", "cancelled"].reduce(0) { $0 + (lane[$1].int ?? 0) } }
                var rates: [String: Double] = [:]
                if let previous, started.timeIntervalSince(previous.at) > 0 {
                    for (lane, n) in finished { rates[lane] = Double(max(n - (previous.finished[lane] ?? n), 0)) / started.timeIntervalSince(previous.at) }
                }
                previous = (started, finished)
                let running = workers["workers"].array.reduce(0) { $0 + $1["running"].array.count }
                screen = "lanes at \(client.display)  \(Self.clock(started))  workers \(workers["total"].int ?? 0), running \(running)\n\n"
                    + LaneTable.render(lanes, rates: rates)
            } catch let error as CLIError where error.code == ExitStatus.unavailable && refreshes > 1 {
                screen = "lanes at \(client.display)  \(Self.clock(started))\n\nlanes: \(error.message) (retrying)\n"
            }
            Terminal.out(clear ? Self.redraw(screen, first: refreshes == 1) : (refreshes > 1 ? "\n" : "") + screen)
        }
    }

    /// ANSI for a terminal: clear once, then overwrite in place (home, erase each line's rest, erase below) without flicker.
    static func redraw(_ screen: String, first: Bool) -> String {
        let esc = "\u{1B}["
        let body = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 + "\(esc)K\n" }.joined()
        return (first ? "\(esc)2J" : "") + "\(esc)H" + body + "\(esc)J"
    }

    /// Local wall-clock time, HH:MM:SS.
    static func clock(_ date: Date) -> String {
        let c = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
