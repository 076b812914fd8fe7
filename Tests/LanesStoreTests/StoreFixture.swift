import LanesCore
import LanesTestSupport
import ValkeyClient
@testable import LanesStore

/// A store on the real test server under a prefix of its own, with helpers to read a lane's keys whole.
struct StoreFixture {
    let store: TaskStore
    var keys: Keys { store.keys }
    var pool: ValkeyPool { store.pool }

    init(lanes: [LaneConfig] = LaneConfig.defaults, leaseMs: Int64 = 8000) throws {
        var settings = StoreSettings()
        settings.leaseMs = leaseMs
        store = TaskStore(pool: try TestValkey.pool(), keys: Keys(prefix: TestValkey.uniquePrefix("store")), lanes: lanes, settings: settings)
    }

    /// The contents of every set a lane keeps, ids in the set's order.
    struct LaneState: Equatable, CustomStringConvertible {
        var queued: [String] = []
        var scheduled: [String] = []
        var waiting: [String] = []
        var running: [String] = []
        var done: [String] = []
        var description: String { "queued=\(queued) scheduled=\(scheduled) waiting=\(waiting) running=\(running) done=\(done)" }
    }

    func lane(_ l: String) async throws -> LaneState {
        let r = try await pool.pipeline([
            ["ZREVRANGE", keys.queued(l), "0", "-1"], ["ZRANGE", keys.scheduled(l), "0", "-1"], ["SMEMBERS", keys.waiting(l)],
            ["ZRANGE", keys.running(l), "0", "-1"], ["ZRANGE", keys.done(l), "0", "-1"],
        ]).map { ($0.array ?? []).compactMap(\.string) }
        return LaneState(queued: r[0], scheduled: r[1], waiting: r[2].sorted(), running: r[3], done: r[4])
    }

    func status(_ id: String) async throws -> TaskStatus? { try await store.task(id: id)?.status }

    func counter(_ l: String, _ name: String) async throws -> Int {
        try await pool.send(["HGET", keys.stats(l), name]).int ?? 0
    }

    @discardableResult
    func enqueue(_ lane: String = "operations", priority: Int = 50, maxRetries: Int? = nil, retryOnCrash: Bool = true,
                 runAt: Int64? = nil, dependsOn: [String] = [], uniqueKey: String? = nil, data: String = "{}", now: Int64 = Clock.nowMs()) async throws -> String {
        let task = NewTask(queue: lane, operation: "noop", data: data, priority: priority, maxRetries: maxRetries, retryOnCrash: retryOnCrash,
                           dependsOn: dependsOn, uniqueKey: uniqueKey, runAt: runAt)
        return try await store.enqueue(task, now: now).id
    }

    func claim(_ lane: String = "operations", now: Int64 = Clock.nowMs()) async throws -> ClaimedTask? {
        try await store.claim(lane: lane, worker: "w1", now: now)
    }
}
