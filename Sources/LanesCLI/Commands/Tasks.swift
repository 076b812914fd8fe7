import ArgumentParser
import Foundation

/// `lanes tasks`: list tasks, newest first, with filters.
struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List tasks with filters (queue, status, operation, group) and paging.")

    @Option(name: [.short, .long], parsing: .singleValue, help: ArgumentHelp("Only this lane (repeat or comma-separate for several).", valueName: "queue"))
    var queue: [String] = []
    @Option(name: [.short, .long], help: "Only this status: queued, scheduled, waiting, running, completed, failed, cancelled.") var status: String?
    @Option(help: "Only this operation.") var operation: String?
    @Option(help: "Only this group.") var group: String?
    @Option(name: [.short, .long], help: "At most this many (1-1000).") var limit = 50
    @Option(help: "Skip this many.") var offset = 0
    @OptionGroup var api: APIOptions

    static let statuses = ["queued", "scheduled", "waiting", "running", "completed", "failed", "cancelled"]

    func validate() throws {
        if let status, !Self.statuses.contains(status) {
            throw ValidationError("--status must be one of \(Self.statuses.joined(separator: ", ")), got '\(status)'")
        }
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be 1-1000, got \(limit)") }
        if offset < 0 { throw ValidationError("--offset must be 0 or more, got \(offset)") }
    }

    func run() async throws {
        let lanes = queue.flatMap { $0.split(separator: ",").map(String.init) }
        let answer = try await api.client().call("GET", "/tasks", query: [
            ("queues", lanes.isEmpty ? nil : lanes.joined(separator: ",")), ("status", status), ("operation", operation),
            ("group", group), ("limit", String(limit)), ("offset", String(offset)),
        ])
        if api.json { return Terminal.out(answer.text + "\n") }
        let json = answer.json
        let tasks = json["tasks"].array
        var table = Table(TaskText.headers, rightAligned: [4, 5, 6])
        let now = Date()
        for task in tasks { table.add(TaskText.row(task, now: now)) }
        let total = json["total"].int ?? tasks.count
        let shown = tasks.isEmpty ? "no tasks" : "\(offset + 1)-\(offset + tasks.count) of \(total)"
        let more = json["pagination"]["has_more"].bool == true ? " (more with --offset \(offset + tasks.count))" : ""
        Terminal.out((tasks.isEmpty ? "" : table.text) + shown + more + "\n")
    }
}
