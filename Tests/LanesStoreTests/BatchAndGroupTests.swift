import LanesCore
import Testing
@testable import LanesStore

@Suite("Batches and groups")
struct BatchAndGroupTests {
    @Test("a batch creates its tasks across lanes in order, one round trip per lane")
    func batch() async throws {
        let f = try StoreFixture()
        let tasks = (0..<10).map { i in NewTask(queue: i % 2 == 0 ? "operations" : "llm", operation: "noop", data: #"{"i":\#(i)}"#, group: "g") }
        let before = f.pool.roundTrips
        let results = try await f.store.enqueueBatch(tasks)
        #expect(f.pool.roundTrips - before == 2, "one round trip per lane")
        #expect(results.count == 10 && results.allSatisfy(\.created))
        for (task, result) in zip(tasks, results) {
            let record = try #require(try await f.store.task(id: result.id))
            #expect(record.data == task.data && record.queue == task.queue)
        }
        #expect(try await f.lane("operations").queued == results.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.id))
    }

    @Test("a full batch of 1,000 queues by priority then order; a repeated unique key and a later run time are kept apart")
    func fullBatch() async throws {
        let f = try StoreFixture()
        var tasks = (0..<998).map { i in NewTask(queue: "operations", operation: "noop", priority: [10, 50, 90][i % 3]) }
        tasks.append(NewTask(queue: "operations", operation: "noop", uniqueKey: "nightly"))
        tasks[500].uniqueKey = "nightly"
        tasks.append(NewTask(queue: "operations", operation: "noop", runAt: Clock.nowMs() + 60_000))
        let results = try await f.store.enqueueBatch(tasks)
        #expect(results.count == 1_000)
        #expect(results[998] == EnqueueResult(id: results[500].id, created: false, status: nil), "the second holder of a unique key gets the first")
        #expect(results[999].status == .scheduled)
        let queuedIDs = results.enumerated().filter { $0.element.status == .queued }
        let expected = queuedIDs.sorted { a, b in
            let (pa, pb) = (tasks[a.offset].priority, tasks[b.offset].priority)
            return pa != pb ? pa > pb : a.offset < b.offset
        }.map(\.element.id)
        let state = try await f.lane("operations")
        #expect(state.queued.count == 998 && state.queued == expected)
        #expect(state.scheduled == [results[999].id])
        #expect(try await f.counter("operations", "created") == 999)
    }

    @Test("a batch with one bad task creates nothing")
    func allOrNothing() async throws {
        let f = try StoreFixture()
        let tasks = [NewTask(queue: "operations", operation: "noop"), NewTask(queue: "nope", operation: "noop")]
        await #expect { try await f.store.enqueueBatch(tasks) } throws: { "\($0)".contains("tasks[1].queue") }
        let missingParent = [NewTask(queue: "operations", operation: "noop", dependsOn: ["feedfeed"])]
        await #expect(throws: StoreError.self) { try await f.store.enqueueBatch(missingParent) }
        #expect(try await f.lane("operations") == .init())
        let tooMany = Array(repeating: NewTask(queue: "operations", operation: "noop"), count: 1001)
        await #expect(throws: StoreError.self) { try await f.store.enqueueBatch(tooMany) }
    }

    @Test("a group's summary counts its tasks by status across lanes, and cancelling it stops the active ones")
    func group() async throws {
        let f = try StoreFixture()
        let a = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", group: "import-7"), now: 1_000).id
        _ = try await f.store.enqueue(NewTask(queue: "llm", operation: "noop", group: "import-7"), now: 2_000)
        _ = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", group: "other"))
        let task = try #require(try await f.claim())
        #expect(task.id == a)
        try await f.store.complete(task, result: "1", now: 5_000)
        let summary = try #require(try await f.store.group("import-7"))
        #expect(summary.total == 2 && summary.counts[.completed] == 1 && summary.counts[.queued] == 1)
        #expect(summary.progress == 0.5 && summary.firstCreatedAt == 1_000 && summary.lastFinishedAt == 5_000)
        #expect(try await f.store.cancelGroup("import-7") == 1)
        #expect(try await f.store.group("import-7")?.counts[.cancelled] == 1)
        #expect(try await f.store.group("nobody") == nil)
    }
}
