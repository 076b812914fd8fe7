import LanesCore
import Testing
@testable import LanesStore

@Suite("Cancellation")
struct CancelTests {
    @Test("a queued, scheduled or waiting task is cancelled at once", arguments: ["queued", "scheduled", "waiting"])
    func cancelInactive(from: String) async throws {
        let f = try StoreFixture()
        let parent = try await f.enqueue(runAt: Clock.nowMs() + 60_000)
        let id: String
        switch from {
        case "queued": id = try await f.enqueue()
        case "scheduled": id = parent
        default: id = try await f.enqueue(dependsOn: [parent])
        }
        #expect(try await f.store.cancel(id: id) == .cancelled)
        #expect(try await f.status(id) == .cancelled)
        let state = try await f.lane("operations")
        #expect(!state.queued.contains(id) && !state.scheduled.contains(id) && !state.waiting.contains(id))
        #expect(state.done == [id])
        #expect(try await f.counter("operations", "cancelled") == 1)
    }

    @Test("a running task gets a flag; its worker's fail turns it cancelled, never retried")
    func cancelRunning() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue(maxRetries: 5)
        let task = try #require(try await f.claim())
        #expect(try await f.store.cancel(id: id) == .cancelling)
        #expect(try await f.status(id) == .running)
        #expect(try await f.pool.send(["EXISTS", f.keys.cancel("operations", id)]).int == 1)
        #expect(try await f.store.fail(task, error: "stopped") == .cancelled)
        #expect(try await f.status(id) == .cancelled)
        #expect(try await f.pool.send(["EXISTS", f.keys.cancel("operations", id)]).int == 0)
        #expect(try await f.lane("operations") == .init(done: [id]))
    }

    @Test("cancelling a finished or unknown task is refused")
    func cancelFinal() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue()
        try await f.store.complete(try #require(try await f.claim()), result: "1")
        await #expect { try await f.store.cancel(id: id) } throws: { ($0 as? StoreError)?.code == .invalidState }
        await #expect { try await f.store.cancel(id: "nope") } throws: { ($0 as? StoreError)?.code == .notFound }
    }

    @Test("cancel by ids reports each id; cancel by metadata and cancel all pick the right tasks")
    func bulk() async throws {
        let f = try StoreFixture()
        let a = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", metadata: #"{"user": 7, "kind": "import"}"#)).id
        let b = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", metadata: #"{"user": 8}"#)).id
        let c = try await f.store.enqueue(NewTask(queue: "llm", operation: "noop", metadata: #"{"user": 7}"#)).id
        let results = try await f.store.cancel(ids: [b, "missing"])
        #expect((try? results[0].get()) == .cancelled)
        #expect(throws: StoreError.self) { try results[1].get() }
        #expect(try await f.store.cancel(metadata: ["user": 7], lane: "operations") == 1)
        #expect(try await f.status(a) == .cancelled)
        #expect(try await f.status(c) == .queued)
        #expect(try await f.store.cancelAll() == 1)
        #expect(try await f.status(c) == .cancelled)
    }
}
