import Foundation
import Testing

/// Listing, cancelling, retrying and running tasks now.
@Suite("lanes tasks, cancel, retry, run-now", .serialized)
struct TaskCommandsTests {
    @Test("tasks filters by queue, status, operation and group, and pages with --limit and --offset")
    func listFilters() async throws {
        let f = try await CLIFixture(worker: false)
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try await f.enqueue(["operations", "resize", "--group", "photos"])) }
        for _ in 0..<2 { ids.append(try await f.enqueue(["llm", "summarise"])) }
        _ = try await f.enqueue(["operations", "report", "--delay", "1h"])

        func total(_ filters: [String]) async throws -> Int {
            let result = try await f.lanes(["tasks", "--json"] + filters)
            #expect(result.code == 0, "\(filters): \(result)")
            return result.object["total"] as? Int ?? -1
        }
        #expect(try await total([]) == 6)
        #expect(try await total(["--queue", "llm"]) == 2)
        #expect(try await total(["--queue", "llm,operations"]) == 6)
        #expect(try await total(["--status", "scheduled"]) == 1)
        #expect(try await total(["--operation", "resize"]) == 3)
        #expect(try await total(["--group", "photos", "--queue", "operations"]) == 3)
        let page = try await f.lanes(["tasks", "--json", "--operation", "resize", "--limit", "2", "--offset", "1"])
        #expect((page.object["tasks"] as? [Any])?.count == 2)

        let table = try await f.lanes(["tasks", "--queue", "operations", "--limit", "2"])
        #expect(table.code == 0)
        #expect(table.lines.first?.hasPrefix("ID") == true && table.lines.count == 4, "\(table.stdout)")
        #expect(table.lines.last == "1-2 of 4 (more with --offset 2)", "\(table.stdout)")
        let none = try await f.lanes(["tasks", "--status", "failed"])
        #expect(none.stdout == "no tasks\n")
        #expect(try await f.lanes(["tasks", "--queue", "gpu"]).code == 2)
    }

    @Test("cancel takes several ids, a whole lane with --queue, a --group, or matching --metadata; cancelling a finished task exits 2")
    func cancel() async throws {
        let f = try await CLIFixture(worker: false)
        let a = try await f.enqueue(["operations", "noop"])
        let b = try await f.enqueue(["operations", "noop", "--delay", "10m"])
        let tagged = try await f.enqueue(["operations", "noop", "--metadata", #"{"user": 42}"#])
        let llm = try await (0..<3).asyncMap { _ in try await f.enqueue(["llm", "noop"]) }

        let two = try await f.lanes(["cancel", a, b])
        #expect(two.code == 0 && two.stdout == "cancelled 2 of 2\n", "\(two)")
        let again = try await f.lanes(["cancel", a])
        #expect(again.code == 2 && again.stderr.contains("already"), "\(again)")
        let some = try await f.lanes(["cancel", a, tagged])
        #expect(some.code == 2 && some.stdout == "cancelled 1 of 2\n" && some.stderr.hasPrefix("lanes: cannot cancel \(a)"), "\(some)")

        let lane = try await f.lanes(["cancel", "--queue", "llm", "--json"])
        #expect(lane.code == 0 && lane.object["cancelled"] as? Int == 3, "\(lane)")
        for id in llm { #expect(try await f.lanes(["show", id, "--json"]).object["status"] as? String == "cancelled") }

        let kept = try await f.enqueue(["operations", "noop", "--metadata", #"{"user": 7}"#])
        let seven = try await f.enqueue(["operations", "noop", "--metadata", #"{"user": 8}"#])
        let byMetadata = try await f.lanes(["cancel", "--metadata", #"{"user": 8}"#])
        #expect(byMetadata.code == 0 && byMetadata.stdout == "cancelled 1 task\n", "\(byMetadata)")
        #expect(try await f.lanes(["show", seven, "--json"]).object["status"] as? String == "cancelled")
        #expect(try await f.lanes(["show", kept, "--json"]).object["status"] as? String == "queued")
        let grouped = try await (0..<2).asyncMap { _ in try await f.enqueue(["llm", "noop", "--group", "nightly"]) }
        let group = try await f.lanes(["cancel", "--group", "nightly"])
        #expect(group.code == 0 && group.stdout == "cancelled 2 tasks in group nightly\n", "\(group)")
        for id in grouped { #expect(try await f.lanes(["show", id, "--json"]).object["status"] as? String == "cancelled") }
        let everything = try await f.lanes(["cancel", "--all"])
        #expect(everything.code == 0 && everything.stdout == "cancelled 1 task in every lane\n", "\(everything)")
    }

    @Test("retry re-enqueues a failed task as a new one; run-now moves a scheduled task to the front of its lane")
    func retryAndRunNow() async throws {
        let f = try await CLIFixture()
        let failing = try await f.enqueue(["operations", "fail", "--max-retries", "0"])
        #expect(try await f.lanes(["wait", failing]).code == 1)
        let retried = try await f.lanes(["retry", failing])
        #expect(retried.code == 0 && retried.lines.count == 1, "\(retried)")
        let newID = retried.lines[0]
        #expect(newID != failing)
        let copy = try await f.lanes(["show", newID, "--json"]).object
        #expect(copy["operation"] as? String == "fail", "\(copy)")
        let retriedJSON = try await f.lanes(["retry", failing, "--json"])
        #expect(retriedJSON.object["original_task_id"] as? String == failing, "\(retriedJSON)")
        #expect(try await f.lanes(["retry", "nosuchtask"]).code == 2)

        let later = try await f.enqueue(["operations", "echo", "--data", #"{"x": 1}"#, "--delay", "1h"])
        #expect(try await f.lanes(["show", later, "--json"]).object["status"] as? String == "scheduled")
        let now = try await f.lanes(["run-now", later])
        #expect(now.code == 0 && now.stdout.hasPrefix("\(later) is next in operations"), "\(now)")
        let done = try await f.lanes(["wait", later, "--timeout", "20"])
        #expect(done.code == 0, "the scheduled task ran at once: \(done)")
        let finished = try await f.lanes(["run-now", later])
        #expect(finished.code == 2 && finished.stderr.contains("only queued or scheduled"), "\(finished)")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
