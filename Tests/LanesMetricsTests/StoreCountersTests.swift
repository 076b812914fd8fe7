import LanesCore
import LanesStore
import LanesTestSupport
import Testing

@Suite("Counters and ages kept in Valkey")
struct StoreCountersTests {
    static func store(leaseMs: Int64 = 1_000) throws -> TaskStore {
        var settings = StoreSettings()
        settings.leaseMs = leaseMs
        return TaskStore(pool: try TestValkey.pool(), keys: Keys(prefix: TestValkey.uniquePrefix("metrics")), settings: settings)
    }

    @Test("every transition counts its task's operation: created, completed, retried, failed, cancelled, recovered")
    func countersByOperation() async throws {
        let store = try Self.store()
        let now = Clock.nowMs()
        func enqueue(_ operation: String, dependsOn: [String] = []) async throws -> String {
            try await store.enqueue(NewTask(queue: "operations", operation: operation, maxRetries: 1, dependsOn: dependsOn), now: now).id
        }
        var a: [String] = []
        for _ in 0..<3 { a.append(try await enqueue("a")) }
        let b = [try await enqueue("b"), try await enqueue("b")]
        let c = try await enqueue("c", dependsOn: [a[2]])
        let claimed = Dictionary(uniqueKeysWithValues: try await store.claim(lane: "operations", worker: "w", max: 5, now: now).map { ($0.id, $0) })
        #expect(claimed.count == 5)
        try await store.complete(claimed[a[0]]!, result: "{}", now: now + 1)
        try await store.complete(claimed[a[1]]!, result: "{}", now: now + 1)
        #expect(try await store.fail(claimed[a[2]]!, error: "once", retryAt: now + 10, now: now + 2) == .retrying)
        #expect(try await store.promote(lane: "operations", now: now + 20) == 1)
        let again = try #require(try await store.claim(lane: "operations", worker: "w", now: now + 20))
        #expect(try await store.fail(again, error: "twice", now: now + 30) == .failed)
        #expect(try await store.task(id: c)?.status == .failed)
        _ = try await store.cancel(id: b[0], now: now + 40)
        #expect(try await store.fail(claimed[b[0]]!, error: "stopped", now: now + 41) == .cancelled)
        let d = try await enqueue("d")
        _ = try await store.cancel(id: d, now: now + 50)
        let report = try await store.reconcile(lanes: ["operations"], now: now + 5_000)
        #expect(report.recoveredCrashed == 1)

        let lane = try #require(try await store.laneMetrics().first { $0.stats.lane == "operations" })
        #expect(lane.byOperation == [
            "created": ["a": 3, "b": 2, "c": 1, "d": 1],
            "completed": ["a": 2],
            "retried": ["a": 1],
            "failed": ["a": 1, "c": 1],
            "cancelled": ["b": 1, "d": 1],
            "recovered": ["b": 1],
        ])
        #expect([lane.stats.completed, lane.stats.failed, lane.stats.cancelled, lane.stats.retried, lane.stats.recovered] == [2, 2, 2, 1, 1])
        #expect(lane.stats.queued == 1 && lane.stats.running == 0)
        let llm = try #require(try await store.laneMetrics().first { $0.stats.lane == "llm" })
        #expect(llm.byOperation.isEmpty && llm.oldestReadyAt == nil)
    }

    @Test("the oldest queued task is the one waiting longest, whatever its priority; a promoted task waits from its due time")
    func oldestQueued() async throws {
        let store = try Self.store()
        let now = Clock.nowMs()
        func oldest() async throws -> Int64? { try await store.laneMetrics().first { $0.stats.lane == "operations" }?.oldestReadyAt }
        #expect(try await oldest() == nil)
        _ = try await store.enqueue(NewTask(queue: "operations", operation: "x", priority: 10), now: now - 60_000)
        let high = try await store.enqueue(NewTask(queue: "operations", operation: "x", priority: 90), now: now - 1_000).id
        _ = try await store.enqueue(NewTask(queue: "operations", operation: "x", priority: 10), now: now - 30_000)
        #expect(try await oldest() == now - 60_000)
        #expect(try await store.claim(lane: "operations", worker: "w", now: now)?.id == high)
        #expect(try await oldest() == now - 60_000)
        _ = try await store.claim(lane: "operations", worker: "w", max: 2, now: now)
        #expect(try await oldest() == nil)
        _ = try await store.enqueue(NewTask(queue: "operations", operation: "x", runAt: now - 5_000), now: now - 10_000)
        #expect(try await store.promote(lane: "operations", now: now) == 1)
        #expect(try await oldest() == now - 5_000)
    }
}
