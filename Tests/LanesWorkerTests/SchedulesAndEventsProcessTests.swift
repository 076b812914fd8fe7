import Foundation
import LanesCore
import LanesStore
import LanesTestSupport
import Testing

/// Recurring schedules, dependency chains and the event stream with real processes.
@Suite("Schedules, dependencies and events with real processes", .serialized)
struct SchedulesAndEventsProcessTests {
    @Test("a schedule every second fires exactly once per second across three workers, even when the leader is killed")
    func scheduleAcrossWorkers() async throws {
        let f = try WorkerFixture()
        let workers = try (0..<3).map { _ in try f.startWorker() }
        try await f.store.saveSchedule(Schedule(name: "tick", interval: "1s", task: NewTask(queue: "operations", operation: "noop")))
        try await Task.sleep(for: .seconds(10))
        let leader = try await f.store.pool.send(["GET", f.store.keys.schedulerLock]).string ?? ""
        let victim = try #require(workers.first { leader.contains("-\($0.pid)-") }, "the leader \(leader) is one of the workers")
        victim.signal(SIGKILL)
        try await Task.sleep(for: .seconds(10))
        _ = try await f.store.deleteSchedule(named: "tick")
        let keys = try await f.store.pool.send(["KEYS", f.store.keys.idempotency("operations", "schedule:tick:*")]).array ?? []
        let dues = keys.compactMap { $0.string?.split(separator: ":").last.flatMap { Int64($0) } }.sorted()
        #expect(dues.count >= 18, "about one firing per second for 20 s, got \(dues.count)")
        #expect(zip(dues, dues.dropFirst()).allSatisfy { $1 - $0 == 1000 }, "no due time skipped: \(dues)")
        let created = try await f.store.list(TaskFilter(lanes: ["operations"], limit: 1000))
        #expect(created.total == dues.count, "one task per due time, none doubled")
        for worker in workers where worker.isRunning { worker.signal(SIGTERM) }
        for worker in workers where worker !== victim { #expect(await worker.waitForExit() == 0) }
    }

    @Test("a dependency chain across both lanes runs in order; a failed parent fails its children")
    func dependencyChain() async throws {
        let f = try WorkerFixture()
        let a = try await f.store.enqueue(NewTask(queue: "operations", operation: "sleep", data: #"{"seconds": 0.3}"#)).id
        let b = try await f.store.enqueue(NewTask(queue: "llm", operation: "sleep", data: #"{"seconds": 0.2}"#, dependsOn: [a])).id
        let c = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", dependsOn: [b])).id
        let bad = try await f.store.enqueue(NewTask(queue: "llm", operation: "fail", maxRetries: 0)).id
        let child = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", dependsOn: [bad])).id
        let grandchild = try await f.store.enqueue(NewTask(queue: "llm", operation: "noop", dependsOn: [child])).id
        #expect(try await f.status(c) == .waiting)
        let worker = try f.startWorker()
        #expect(try await f.waitFor(c, .completed))
        let records = try await [a, b, c].asyncMap { try #require(try await f.store.task(id: $0)) }
        #expect(records[0].completedAt! <= records[1].startedAt! && records[1].completedAt! <= records[2].startedAt!)
        #expect(try await f.waitFor(grandchild, .failed))
        #expect(try await f.store.task(id: child)?.error == "dependency \(bad) failed")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("an SSE client sees every state change of 1,000 tasks in order, and a reconnect with Last-Event-ID misses none")
    func eventStream() async throws {
        let f = try WorkerFixture()
        let (api, port) = try await f.startAPI()
        defer { api.signal(SIGTERM) }
        let url = "http://127.0.0.1:\(port)/api/v1/queue/events?queue=operations"
        let first = try SSEClient(url: url, lastEventID: nil)
        try await Task.sleep(for: .milliseconds(300))
        let worker = try f.startWorker()
        let tasks = (0..<1000).map { _ in NewTask(queue: "operations", operation: "noop") }
        let ids = try await f.store.enqueueBatch(tasks).map(\.id)
        try await Task.sleep(for: .milliseconds(200))
        first.stop()
        let resumeFrom = try #require(first.events().last?.id)
        let second = try SSEClient(url: url, lastEventID: resumeFrom)
        #expect(try await eventually(timeout: .seconds(30)) { try await f.store.stats(lanes: ["operations"])[0].completed == 1000 })
        try await Task.sleep(for: .seconds(1))
        second.stop()
        let seen = first.events() + second.events()
        #expect(Set(seen.map(\.id)).count == seen.count, "the reconnect sent nothing twice")
        var byTask: [String: [String]] = [:]
        for event in seen { byTask[event.taskID, default: []].append(event.kind) }
        for id in ids { #expect(byTask[id] == ["created", "started", "completed"], "task \(id): \(byTask[id] ?? [])") }
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("lanes-api stops on SIGTERM with an events client connected, and after one went away")
    func shutdownWithOpenStreams() async throws {
        let f = try WorkerFixture()
        let (api, port) = try await f.startAPI()
        let url = "http://127.0.0.1:\(port)/api/v1/queue/events"
        let gone = try SSEClient(url: url, lastEventID: nil)
        let open = try SSEClient(url: url, lastEventID: nil)
        try await Task.sleep(for: .milliseconds(500))
        gone.stop()
        api.signal(SIGTERM)
        #expect(await api.waitForExit(timeout: .seconds(5)) == 0, "lanes-api exits at once: \(api.output)")
        let ended = await eventually(timeout: .seconds(5)) { !open.process.isRunning }
        #expect(ended && open.process.terminationStatus == 0, "the open stream was ended cleanly")
    }
}

/// A Server-Sent Events client: curl writing the stream to a file.
final class SSEClient: @unchecked Sendable {
    struct Event { let id: String; let kind: String; let taskID: String }
    let process = Process()
    let file: URL

    init(url: String, lastEventID: String?) throws {
        file = FileManager.default.temporaryDirectory.appendingPathComponent("sse-\(UUID().uuidString.prefix(8)).txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sN", "-H", "Authorization: Bearer test-secret-1"] + (lastEventID.map { ["-H", "Last-Event-ID: \($0)"] } ?? []) + [url]
        process.standardOutput = try FileHandle(forWritingTo: file)
        try process.run()
    }

    /// Stops curl with SIGKILL (it may not act on SIGTERM while blocked on the stream).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The complete events received, in order (a block cut off by `stop()` is not one).
    func events() -> [Event] {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.components(separatedBy: "\n\n").dropLast().compactMap { block in
            var id: String?, kind: String?, task: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { kind = String(line.dropFirst(7)) }
                if line.hasPrefix("data: "), let range = line.range(of: #""task_id":""#) {
                    task = String(line[range.upperBound...].prefix(while: { $0 != "\"" }))
                }
            }
            guard let id, let kind, let task else { return nil }
            return Event(id: id, kind: kind, taskID: task)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
