import LanesCore
import Testing
@testable import LanesStore

@Suite("Complete, fail, retry, requeue and fencing")
struct LifecycleTests {
    @Test("completing stores the result, moves the task to done and counts it")
    func complete() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue()
        let task = try #require(try await f.claim())
        try await f.store.complete(task, result: #"{"rows": 3}"#, now: 2_000)
        let record = try #require(try await f.store.task(id: id))
        #expect(record.status == .completed && record.result == #"{"rows": 3}"# && record.completedAt == 2_000)
        #expect(try await f.lane("operations") == .init(done: [id]))
        #expect(try await f.counter("operations", "completed") == 1)
        let ttl = try await f.pool.send(["PTTL", f.keys.task("operations", id)]).int ?? -1
        #expect(ttl > 0, "a finished task expires after the lane's retention")
    }

    struct FailCase: Sendable, CustomTestStringConvertible {
        let name: String
        let maxRetries: Int
        let attemptsBefore: Int
        let retryable: Bool
        let expected: FailOutcome
        var testDescription: String { name }
    }

    @Test("a failed attempt is retried while attempts remain, else it fails for good", arguments: [
        FailCase(name: "first attempt, retries left", maxRetries: 2, attemptsBefore: 0, retryable: true, expected: .retrying),
        FailCase(name: "last attempt", maxRetries: 2, attemptsBefore: 2, retryable: true, expected: .failed),
        FailCase(name: "no retries configured", maxRetries: 0, attemptsBefore: 0, retryable: true, expected: .failed),
        FailCase(name: "not retryable", maxRetries: 5, attemptsBefore: 0, retryable: false, expected: .failed),
    ])
    func fail(_ c: FailCase) async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue(maxRetries: c.maxRetries)
        try await f.pool.send(["HSET", f.keys.task("operations", id), "attempts", String(c.attemptsBefore)])
        let task = try #require(try await f.claim())
        let outcome = try await f.store.fail(task, error: "boom", retryable: c.retryable, retryAt: 5_000, now: 1_000)
        #expect(outcome == c.expected)
        let record = try #require(try await f.store.task(id: id))
        #expect(record.error == "boom")
        switch c.expected {
        case .retrying:
            #expect(record.status == .scheduled && record.scheduledFor == 5_000)
            #expect(try await f.lane("operations") == .init(scheduled: [id]))
            #expect(try await f.counter("operations", "retried") == 1)
        default:
            #expect(record.status == .failed)
            #expect(try await f.lane("operations") == .init(done: [id]))
            #expect(try await f.counter("operations", "failed") == 1)
        }
    }

    @Test("a retry waits for its back-off, then runs again with the next attempt")
    func retryThenSuccess() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue(maxRetries: 1)
        let first = try #require(try await f.claim(now: 1_000))
        try await f.store.fail(first, error: "flaky", retryAt: 3_000, now: 1_000)
        #expect(try await f.store.promote(lane: "operations", now: 2_999) == 0)
        #expect(try await f.store.promote(lane: "operations", now: 3_000) == 1)
        let second = try #require(try await f.claim(now: 3_001))
        #expect(second.id == id && second.record.attempts == 2 && second.token == 2)
        try await f.store.complete(second, result: "true")
        #expect(try await f.status(id) == .completed)
    }

    @Test("a requeue during shutdown gives the attempt back and keeps the task's place")
    func requeue() async throws {
        let f = try StoreFixture()
        let first = try await f.enqueue()
        let second = try await f.enqueue()
        let task = try #require(try await f.claim())
        #expect(task.id == first)
        try await f.store.requeue(task)
        #expect(try await f.lane("operations").queued == [first, second])
        let again = try #require(try await f.claim())
        #expect(again.id == first && again.record.attempts == 1 && again.token == 2)
    }

    @Test("a queued task's hash holds no id, lane, sequence or defaults, and reads back whole")
    func compactHash() async throws {
        let f = try StoreFixture()
        let plain = try await f.enqueue(now: 1_000)
        let custom = try await f.enqueue(priority: 80, maxRetries: 5, now: 1_000)
        let fields = try await f.pool.send(["HGETALL", f.keys.task("operations", plain)]).dictionary
        #expect(Set(fields.keys) == ["status", "operation", "data", "created_at"])
        let record = try #require(try await f.store.task(id: plain))
        #expect(record.id == plain && record.queue == "operations" && record.priority == 50 && record.maxRetries == 3)
        let other = try #require(try await f.store.task(id: custom))
        #expect(other.priority == 80 && other.maxRetries == 5)
    }

    @Test("a requeued or recovered task goes back to its place within its priority", arguments: ["requeue", "reconcile"])
    func placeKept(_ how: String) async throws {
        let f = try StoreFixture(leaseMs: 100)
        let high = try await f.enqueue(priority: 80)
        let highLater = try await f.enqueue(priority: 80)
        let normal = try await f.enqueue()
        let task = try #require(try await f.claim(now: 1_000))
        #expect(task.id == high)
        if how == "requeue" {
            try await f.store.requeue(task)
        } else {
            _ = try await f.store.reconcile(lane: "operations", now: 2_000)
        }
        #expect(try await f.lane("operations").queued == [high, highLater, normal])
    }

    @Test("completing a task that logged and was asked to cancel expires its log lines and drops its flag")
    func completeCleansUp() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue()
        let task = try #require(try await f.claim())
        try await f.store.progress(task, logLines: ["one"])
        try await f.store.cancel(id: id)
        try await f.store.complete(task, result: "1")
        #expect(try await f.pool.send(["PTTL", f.keys.logs("operations", id)]).int ?? -1 > 0)
        #expect(try await f.pool.send(["EXISTS", f.keys.cancel("operations", id)]).int == 0)
        #expect(try await f.store.logs(id: id) == ["one"])
    }

    @Test("a stale token changes nothing: complete, fail, progress and requeue are all refused")
    func staleTokenIsRejected() async throws {
        let f = try StoreFixture(leaseMs: 100)
        let id = try await f.enqueue()
        let stale = try #require(try await f.claim(now: 1_000))
        _ = try await f.store.reconcile(lane: "operations", now: 2_000)
        let fresh = try #require(try await f.claim(now: 2_001))
        #expect(fresh.token == stale.token + 1)
        let before = try await f.pool.send(["HGETALL", f.keys.task("operations", id)]).dictionary
        for write in ["complete", "fail", "progress", "requeue"] {
            await #expect(throws: StoreError.self, "\(write) with a stale token") {
                switch write {
                case "complete": try await f.store.complete(stale, result: "1")
                case "fail": try await f.store.fail(stale, error: "x")
                case "progress": try await f.store.progress(stale, fraction: 0.5, message: "half", logLines: ["x"])
                default: try await f.store.requeue(stale)
                }
            }
        }
        #expect(try await f.pool.send(["HGETALL", f.keys.task("operations", id)]).dictionary == before)
        #expect(try await f.store.logs(id: id) == [])
        try await f.store.complete(fresh, result: "2")
        #expect(try await f.store.task(id: id)?.result == "2")
    }

    @Test("progress and log lines are recorded and capped")
    func progressAndLogs() async throws {
        var settings = StoreSettings()
        settings.logLinesCap = 3
        let f = try StoreFixture()
        let store = TaskStore(pool: f.pool, keys: f.keys, lanes: LaneConfig.defaults, settings: settings)
        let id = try await f.enqueue()
        let task = try #require(try await store.claim(lane: "operations", worker: "w"))
        try await store.progress(task, fraction: 0.4, message: "reading", logLines: ["a", "b"])
        try await store.progress(task, logLines: ["c", "d"])
        let record = try #require(try await store.task(id: id))
        #expect(record.progress == 0.4 && record.progressMessage == "reading")
        #expect(try await store.logs(id: id) == ["b", "c", "d"])
    }

    @Test("a heartbeat extends held leases and reports cancelled and lost tasks")
    func extendLeases() async throws {
        let f = try StoreFixture()
        let a = try await f.enqueue()
        let b = try await f.enqueue()
        let c = try await f.enqueue()
        let ta = try #require(try await f.claim(now: 1_000))
        let tb = try #require(try await f.claim(now: 1_000))
        let tc = try #require(try await f.claim(now: 1_000))
        try await f.store.cancel(id: b)
        try await f.pool.send(["ZREM", f.keys.running("operations"), c])
        let report = try await f.store.extendLeases(lane: "operations", tasks: [(ta.id, ta.token), (tb.id, tb.token), (tc.id, tc.token)], now: 50_000)
        #expect(report.cancelled == [b])
        #expect(report.lost == [c])
        let lease = try await f.pool.send(["ZSCORE", f.keys.running("operations"), a]).string.flatMap(Double.init)
        #expect(lease == Double(50_000 + f.store.settings.leaseMs))
    }
}
