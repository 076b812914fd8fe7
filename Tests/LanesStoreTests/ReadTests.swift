import LanesCore
import Testing
@testable import LanesStore

@Suite("Reading: lookup, listing, stats, history")
struct ReadTests {
    @Test("a task is found by id alone and its data comes back byte for byte")
    func lookup() async throws {
        let f = try StoreFixture()
        let data = #"{"z": 1e3,   "a": "caf\u00e9", "n": [null, true]}"#
        let id = try await f.enqueue("llm", data: data)
        let record = try #require(try await f.store.task(id: id))
        #expect(record.queue == "llm" && record.data == data && record.status == .queued)
        #expect(try await f.store.task(id: "0123456789abcdef") == nil)
        #expect(try await f.store.task(id: "../etc") == nil)
    }

    @Test("the list filters by lane, status and operation and pages with a total")
    func list() async throws {
        let f = try StoreFixture()
        var ids: [String] = []
        for priority in [10, 20, 30] { ids.append(try await f.enqueue(priority: priority)) }
        _ = try await f.store.enqueue(NewTask(queue: "llm", operation: "summarize"))
        let running = try #require(try await f.claim())
        #expect(running.id == ids[2])
        let queued = try await f.store.list(TaskFilter(lanes: ["operations"], status: .queued, limit: 1, offset: 1))
        #expect(queued.total == 2 && queued.tasks.map(\.id) == [ids[0]])
        let all = try await f.store.list(TaskFilter())
        #expect(all.total == 4 && all.totalInQueue == 4)
        #expect(all.tasks.first?.id == ids[2], "running tasks come first")
        let summaries = try await f.store.list(TaskFilter(operation: "summarize"))
        #expect(summaries.total == 1 && summaries.tasks.first?.queue == "llm")
        await #expect(throws: StoreError.self) { try await f.store.list(TaskFilter(lanes: ["nope"])) }
    }

    @Test("stats count each lane's tasks by status")
    func stats() async throws {
        let f = try StoreFixture()
        try await f.enqueue()
        try await f.enqueue(runAt: Clock.nowMs() + 60_000)
        let done = try await f.enqueue(priority: 99)
        try await f.store.complete(try #require(try await f.claim()), result: "1")
        _ = done
        let stats = try await f.store.stats()
        let ops = try #require(stats.first { $0.lane == "operations" })
        #expect(ops.queued == 1 && ops.scheduled == 1 && ops.running == 0 && ops.completed == 1)
        #expect(stats.map(\.lane) == ["llm", "operations"])
    }

    @Test("next shows the task a claim would take, without taking it")
    func next() async throws {
        let f = try StoreFixture()
        #expect(try await f.store.next(lane: "operations") == nil)
        try await f.enqueue(priority: 1)
        let top = try await f.enqueue(priority: 80)
        #expect(try await f.store.next(lane: "operations")?.id == top)
        #expect(try await f.claim()?.id == top)
    }

    @Test("clearing history deletes finished tasks older than the cutoff only")
    func clearHistory() async throws {
        let f = try StoreFixture()
        let old = try await f.enqueue()
        try await f.store.complete(try #require(try await f.claim()), result: "1", now: 1_000)
        let recent = try await f.enqueue()
        try await f.store.complete(try #require(try await f.claim()), result: "1", now: 7_200_000)
        let active = try await f.enqueue()
        #expect(try await f.store.clearHistory(olderThanHours: 1, now: 7_200_000) == 1)
        #expect(try await f.store.task(id: old) == nil)
        #expect(try await f.store.task(id: recent) != nil)
        #expect(try await f.store.clearHistory(now: 7_200_000) == 1)
        #expect(try await f.store.task(id: active)?.status == .queued)
    }

    @Test("retrying a failed task creates a new task with the same input")
    func retryFailed() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue(maxRetries: 0, data: #"{"x":1}"#)
        await #expect(throws: StoreError.self) { try await f.store.retry(id: id) }
        try await f.store.fail(try #require(try await f.claim()), error: "no")
        let newID = try await f.store.retry(id: id)
        let copy = try #require(try await f.store.task(id: newID))
        #expect(newID != id && copy.data == #"{"x":1}"# && copy.status == .queued)
    }
}
