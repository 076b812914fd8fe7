import LanesCore
import Testing
@testable import LanesStore

@Suite("Claiming: priority, FIFO, global limit")
struct ClaimTests {
    @Test("higher priority runs first and equal priorities run in the order they came")
    func priorityThenFifo() async throws {
        let f = try StoreFixture()
        let low = try await f.enqueue(priority: 10)
        let highA = try await f.enqueue(priority: 90)
        let mid = try await f.enqueue(priority: 50)
        let highB = try await f.enqueue(priority: 90)
        #expect(try await f.lane("operations").queued == [highA, highB, mid, low])
        var order: [String] = []
        while let task = try await f.claim() { order.append(task.id) }
        #expect(order == [highA, highB, mid, low])
        let state = try await f.lane("operations")
        #expect(state.queued.isEmpty)
        #expect(Set(state.running) == Set(order))
    }

    @Test("a claim moves the task to running with a lease, a new token and one attempt spent")
    func claimMovesToRunning() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue(data: #"{"b": 1,  "a": [1.50, "x"]}"#)
        let task = try #require(try await f.claim(now: 1_000_000))
        #expect(task.id == id && task.token == 1)
        #expect(task.record.status == .running && task.record.attempts == 1 && task.record.startedAt == 1_000_000)
        #expect(task.record.data == #"{"b": 1,  "a": [1.50, "x"]}"#)
        let lease = try await f.pool.send(["ZSCORE", f.keys.running("operations"), id]).string.flatMap(Double.init)
        #expect(lease == Double(1_000_000 + f.store.settings.leaseMs))
        #expect(try await f.lane("operations") == .init(running: [id]))
    }

    @Test("an empty lane claims nothing")
    func emptyLane() async throws {
        let f = try StoreFixture()
        #expect(try await f.claim() == nil)
    }

    @Test("run now jumps ahead of every priority, and run-now tasks keep their order")
    func runNow() async throws {
        let f = try StoreFixture()
        let top = try await f.enqueue(priority: 100)
        let late = try await f.enqueue(priority: 0)
        let scheduled = try await f.enqueue(priority: 0, runAt: Clock.nowMs() + 3_600_000)
        _ = try await f.store.runNow(id: late)
        _ = try await f.store.runNow(id: scheduled)
        #expect(try await f.lane("operations").queued == [late, scheduled, top])
        let running = try #require(try await f.claim())
        #expect(running.id == late)
        await #expect(throws: StoreError.self) { try await f.store.runNow(id: late) }
    }

    @Test("the global limit holds under 20 concurrent claimers")
    func globalLimit() async throws {
        let f = try StoreFixture(lanes: [LaneConfig(name: "llm", concurrency: 1, globalLimit: 2)])
        for _ in 0..<10 { try await f.enqueue("llm") }
        let claimed = try await withThrowingTaskGroup(of: ClaimedTask?.self) { group in
            for worker in 0..<20 { group.addTask { try await f.store.claim(lane: "llm", worker: "w\(worker)") } }
            var all: [ClaimedTask] = []
            for try await task in group { if let task { all.append(task) } }
            return all
        }
        #expect(claimed.count == 2)
        let state = try await f.lane("llm")
        #expect(state.running.count == 2 && state.queued.count == 8)
        try await f.store.complete(claimed[0], result: "{}")
        #expect(try await f.claim("llm") != nil)
        #expect(try await f.claim("llm") == nil)
    }
}

@Suite("Claiming several at once")
struct BatchClaimTests {
    @Test("one claim call takes at most 1,000 tasks, however many are asked for")
    func claimCap() async throws {
        let f = try StoreFixture()
        _ = try await f.store.enqueueBatch(Array(repeating: NewTask(queue: "operations", operation: "noop"), count: 1000))
        _ = try await f.store.enqueueBatch(Array(repeating: NewTask(queue: "operations", operation: "noop"), count: 200))
        let claimed = try await f.store.claim(lane: "operations", worker: "w1", max: 5000)
        #expect(claimed.count == 1000)
        let state = try await f.lane("operations")
        #expect(state.running.count == 1000 && state.queued.count == 200)
    }

    @Test("a worker with free slots claims several tasks in one call, in order, within the global limit")
    func claimMany() async throws {
        let f = try StoreFixture(lanes: [LaneConfig(name: "llm", concurrency: 4, globalLimit: 3), LaneConfig(name: "operations", concurrency: 8)])
        var ids: [String] = []
        for priority in [10, 20, 30, 40, 50] { ids.append(try await f.enqueue("llm", priority: priority)) }
        let before = f.pool.roundTrips
        let claimed = try await f.store.claim(lane: "llm", worker: "w", max: 4)
        #expect(f.pool.roundTrips - before == 1)
        #expect(claimed.map(\.id) == [ids[4], ids[3], ids[2]], "stops at the global limit of 3")
        #expect(try await f.lane("llm").queued == [ids[1], ids[0]])
        #expect(try await f.store.claim(lane: "operations", worker: "w", max: 8).isEmpty)
    }
}
