import Foundation
import LanesCore
import LanesStore
import LanesTestSupport
import Testing

/// These tests start real lanes-worker processes against the real test Valkey.
@Suite("Worker processes", .serialized)
struct WorkerProcessTests {
    @Test("a worker runs tasks by priority, first come first served within a priority")
    func priorityOrder() async throws {
        let f = try WorkerFixture()
        var ids: [String] = []
        for priority in [10, 90, 50, 90, 10] { ids.append(try await f.enqueue("llm", "noop", priority: priority)) }
        let worker = try f.startWorker(["LANES_WORKER_LANES": "llm"])
        #expect(try await eventually { try await f.store.stats(lanes: ["llm"])[0].completed == 5 })
        let started = try await f.store.readEvents(after: EventCursor()).filter { $0.event == "started" }.map(\.taskID)
        #expect(started == [ids[1], ids[3], ids[2], ids[0], ids[4]])
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("llm runs one task at a time across three workers while operations runs 8 per worker")
    func limits() async throws {
        let f = try WorkerFixture()
        var ops: [String] = []
        for _ in 0..<4 { try await f.enqueue("llm", "sleep", data: #"{"seconds": 0.3}"#) }
        for _ in 0..<24 { ops.append(try await f.enqueue("operations", "sleep", data: #"{"seconds": 1.5}"#)) }
        let workers = try (0..<3).map { _ in try f.startWorker() }
        #expect(try await eventually(timeout: .seconds(30)) {
            let stats = try await f.store.stats()
            return stats.allSatisfy { $0.completed == ($0.lane == "llm" ? 4 : 24) }
        })
        // The lane's event stream is written by the claim and complete scripts themselves, so its
        // order is the server's: one task at a time means started and completed alternate.
        // (Workers' clocks, which stamp started_at and completed_at, cannot show this exactly.)
        let llmEvents = try await f.store.readEvents(after: EventCursor())
            .filter { $0.lane == "llm" && ["started", "completed"].contains($0.event) }.map(\.event)
        #expect(llmEvents == Array(repeating: ["started", "completed"], count: 4).flatMap { $0 }, "llm tasks never overlap")
        let opsRecords = try await f.store.tasks(lane: "operations", ids: ops)
        let byWorker = Dictionary(grouping: opsRecords, by: { $0.worker ?? "" })
        #expect(byWorker.count == 3)
        for (_, records) in byWorker {
            #expect(maxOverlap(records.map { ($0.startedAt!, $0.completedAt!) }) <= 8)
        }
        #expect(maxOverlap(opsRecords.map { ($0.startedAt!, $0.completedAt!) }) > 8, "workers run operations side by side")
        workers.forEach { $0.signal(SIGTERM) }
        for worker in workers { #expect(await worker.waitForExit() == 0) }
    }

    @Test("a busy worker refills the slots its completions free and never runs more than its slots")
    func refills() async throws {
        let f = try WorkerFixture()
        let tasks = 600
        _ = try await f.store.enqueueBatch(Array(repeating: NewTask(queue: "operations", operation: "noop"), count: tasks))
        let worker = try f.startWorker(["LANES_LOG_LEVEL": "warning"])
        #expect(try await eventually(timeout: .seconds(30)) { try await f.store.stats().first { $0.lane == "operations" }?.completed == tasks })
        // The event stream is in the server's order: replaying it gives the running set's size
        // after every claim and completion, whichever round trip they shared.
        var events: [TaskEvent] = []
        var cursor = EventCursor()
        while true {
            let batch = try await f.store.readEvents(after: cursor, count: 1_000).filter { $0.lane == "operations" }
            guard let last = batch.last else { break }
            events += batch
            cursor.positions["operations"] = last.streamID
        }
        var running = 0, most = 0
        for event in events {
            if event.event == "started" { running += 1 } else if event.event == "completed" { running -= 1 }
            most = max(most, running)
        }
        #expect(events.filter { $0.event == "started" }.count == tasks, "each task ran once")
        #expect(most <= 8 && most > 1, "at most the lane's 8 slots at once: \(most)")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("a task on a SIGKILLed worker completes on another worker, once")
    func crashRecovery() async throws {
        let f = try WorkerFixture()
        let first = try f.startWorker()
        let id = try await f.enqueue("operations", "sleep", data: #"{"seconds": 2}"#)
        #expect(try await f.waitFor(id, .running))
        first.signal(SIGKILL)
        let killedAt = ContinuousClock.now
        let second = try f.startWorker()
        #expect(try await f.waitFor(id, .completed, timeout: .seconds(20)))
        let record = try #require(try await f.store.task(id: id))
        #expect(record.attempts == 2)
        #expect(try await f.store.stats(lanes: ["operations"])[0].completed == 1)
        let events = try await f.store.readEvents(after: EventCursor()).filter { $0.taskID == id }
        #expect(events.filter { $0.event == "completed" }.count == 1, "the outcome is recorded once")
        #expect(events.contains { $0.event == "recovered" })
        print("recovered and completed \(ContinuousClock.now - killedAt) after SIGKILL (lease 1.5 s)")
        second.signal(SIGTERM)
        #expect(await second.waitForExit() == 0)
    }

    @Test("a task that kills its worker on every attempt ends failed after its attempts")
    func poisonTask() async throws {
        let f = try WorkerFixture()
        let id = try await f.enqueue("operations", "crash-worker", maxRetries: 1)
        var crashes = 0
        let ended = try await eventually(timeout: .seconds(40), every: .milliseconds(200)) {
            if try await f.status(id) == .failed { return true }
            let worker = try f.startWorker()
            if await worker.waitForExit(timeout: .seconds(8)) != nil { crashes += 1 } else { worker.signal(SIGKILL) }
            return try await f.status(id) == .failed
        }
        #expect(ended)
        let record = try #require(try await f.store.task(id: id))
        #expect(record.status == .failed && record.attempts == 2)
        #expect(crashes == 2)
    }

    @Test("cancelling a running exec task kills its process and its children and ends it cancelled")
    func cancelExec() async throws {
        let f = try WorkerFixture()
        let worker = try f.startWorker()
        let id = try await f.enqueue("operations", "long-shell", maxRetries: 3)
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent(id).path
        #expect(await eventually { ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").hasSuffix("\n") })
        let pids = try String(contentsOfFile: pidFile, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        #expect(pids.count == 2 && pids.allSatisfy { kill($0, 0) == 0 }, "the command and its child run")
        try await f.store.cancel(id: id)
        #expect(try await f.waitFor(id, .cancelled, timeout: .seconds(10)))
        #expect(await eventually(timeout: .seconds(5)) { pids.allSatisfy { kill($0, 0) != 0 } }, "its processes are gone")
        let record = try #require(try await f.store.task(id: id))
        #expect(record.attempts == 1, "never retried")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("timeouts fail the attempt; back-off retries succeed; exhausted retries fail")
    func timeoutsAndRetries() async throws {
        let f = try WorkerFixture()
        let worker = try f.startWorker()
        let slow = try await f.enqueue("operations", "sleep", data: #"{"seconds": 10}"#, maxRetries: 0, timeout: 1)
        let flaky = try await f.enqueue("operations", "flaky", maxRetries: 2)
        let broken = try await f.enqueue("operations", "fail", data: #"{"message": "always"}"#, maxRetries: 2)
        let shell = try await f.enqueue("operations", "shell")
        let missing = try await f.enqueue("operations", "no-such-operation")
        #expect(try await f.waitFor(slow, .failed))
        #expect(try await f.store.task(id: slow)?.error == "timed out after 1 s")
        #expect(try await f.waitFor(flaky, .completed))
        let flakyRecord = try #require(try await f.store.task(id: flaky))
        #expect(flakyRecord.attempts == 2 && flakyRecord.result == #""second time lucky""#)
        #expect(try await f.waitFor(broken, .failed))
        let brokenRecord = try #require(try await f.store.task(id: broken))
        #expect(brokenRecord.attempts == 3 && brokenRecord.error == "always")
        #expect(try await f.waitFor(shell, .completed))
        let shellRecord = try #require(try await f.store.task(id: shell))
        #expect(shellRecord.result == #"{"ok":true}"# && shellRecord.progress == 1)
        #expect(try await f.store.logs(id: shell) == ["hello"])
        #expect(try await f.waitFor(missing, .failed))
        let missingRecord = try #require(try await f.store.task(id: missing))
        #expect(missingRecord.attempts == 1 && missingRecord.error?.contains("no handler for operation 'no-such-operation'") == true)
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("SIGTERM with a long task running requeues it without spending an attempt and exits 0")
    func gracefulShutdown() async throws {
        let f = try WorkerFixture()
        let worker = try f.startWorker()
        let id = try await f.enqueue("operations", "sleep", data: #"{"seconds": 30}"#)
        #expect(try await f.waitFor(id, .running))
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 0)
        let record = try #require(try await f.store.task(id: id))
        #expect(record.status == .queued && record.attempts == 0)
        #expect(try await f.store.workers().isEmpty, "it left the registry")
    }

    @Test("a team's own worker runs its Swift handler next to the built-ins")
    func customWorker() async throws {
        let f = try WorkerFixture()
        let worker = try f.startWorker(executable: "example-worker")
        let reverse = try await f.enqueue("operations", "reverse", data: #"{"text": "lanes"}"#)
        let echo = try await f.enqueue("llm", "echo", data: #"{"a": [1, 2]}"#)
        let bad = try await f.enqueue("operations", "reverse", data: #"{"text": 5}"#)
        #expect(try await f.waitFor(reverse, .completed))
        #expect(try await f.store.task(id: reverse)?.result == #"{"reversed":"senal"}"#)
        #expect(try await f.store.logs(id: reverse) == ["reversing 5 characters"])
        #expect(try await f.waitFor(echo, .completed))
        #expect(try await f.store.task(id: echo)?.result == #"{"a": [1, 2]}"#, "data comes back byte for byte")
        #expect(try await f.waitFor(bad, .failed))
        #expect(try await f.store.task(id: bad)?.attempts == 1, "a non-retryable error fails at once")
        worker.signal(SIGINT)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("a bad configuration stops start-up with one line on stderr and exit status 1", arguments: [
        (["LANES_HEARTBEAT_MS": "5000"], "lanes-worker: LANES_HEARTBEAT_MS (5000) must be at most half of LANES_LEASE_MS (1500)"),
        (["LANES_WORKER_LANES": "gpu"], "lanes-worker: LANES_WORKER_LANES: unknown lane 'gpu'; configured lanes: llm, operations"),
        (["LANES_CONFIG": "/nonexistent/lanes.yaml"], "lanes-worker: "),
    ])
    func badConfiguration(environment: [String: String], line: String) async throws {
        let f = try WorkerFixture()
        let worker = try f.startWorker(environment)
        #expect(await worker.waitForExit(timeout: .seconds(10)) == 1)
        let output = worker.output.split(separator: "\n")
        #expect(output.count == 1 && output.first?.hasPrefix(line) == true, "\(output)")
    }

    @Test("a worker cut off from Valkey longer than the lease stops the task and writes nothing; it runs again once")
    func leaseRunsOut() async throws {
        let server = try PrivateValkey()
        let f = try WorkerFixture(valkeyURL: server.url)
        let worker = try f.startWorker()
        let id = try await f.enqueue("operations", "sleep", data: #"{"seconds": 3}"#)
        #expect(try await f.waitFor(id, .running))
        server.kill()
        try await Task.sleep(for: .seconds(2.5))
        try server.start()
        #expect(try await f.waitFor(id, .completed, timeout: .seconds(20)))
        let record = try #require(try await f.store.task(id: id))
        #expect(record.attempts == 2, "the first attempt was recovered by the reconciler, not recorded by its stale worker")
        let events = try await f.store.readEvents(after: EventCursor()).filter { $0.taskID == id }
        #expect(events.filter { $0.event == "completed" }.count == 1)
        #expect(worker.output.contains("lease ran out"))
        #expect(worker.output.components(separatedBy: "valkey unreachable").count == 2, "the outage is logged once")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    @Test("a worker resumes by itself after Valkey restarts under it")
    func valkeyRestart() async throws {
        let server = try PrivateValkey()
        let f = try WorkerFixture(valkeyURL: server.url)
        let worker = try f.startWorker()
        let before = try await f.enqueue("operations", "noop")
        #expect(try await f.waitFor(before, .completed))
        server.kill()
        // Longer than the first few back-off steps, so the worker has backed off when Valkey returns.
        try await Task.sleep(for: .seconds(3))
        try server.start()
        let back = ContinuousClock.now
        var after = ""
        #expect(await eventually { (try? await f.enqueue("operations", "noop")).map { after = $0 } != nil })
        #expect(try await f.waitFor(after, .completed, timeout: .seconds(20)))
        print("a task enqueued after the restart completed \(back.duration(to: .now)) after Valkey was back")
        #expect(worker.isRunning)
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }
}

/// The most intervals overlapping at one instant.
func maxOverlap(_ intervals: [(Int64, Int64)]) -> Int {
    var points: [(time: Int64, delta: Int)] = []
    for interval in intervals {
        points.append((interval.0, 1))
        points.append((interval.1, -1))
    }
    points.sort { a, b in a.time == b.time ? a.delta < b.delta : a.time < b.time }
    var current = 0, best = 0
    for (_, delta) in points { current += delta; best = max(best, current) }
    return best
}
