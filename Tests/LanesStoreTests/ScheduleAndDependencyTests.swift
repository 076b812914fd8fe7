import LanesCore
import Testing
@testable import LanesStore

@Suite("Scheduled tasks and dependencies")
struct ScheduleAndDependencyTests {
    @Test("a scheduled task is promoted exactly when it is due")
    func promotion() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue(runAt: 10_000, now: 1_000)
        #expect(try await f.status(id) == .scheduled)
        #expect(try await f.store.nextDue(lane: "operations") == 10_000)
        #expect(try await f.store.promote(lane: "operations", now: 9_999) == 0)
        #expect(try await f.lane("operations") == .init(scheduled: [id]))
        #expect(try await f.store.promote(lane: "operations", now: 10_000) == 1)
        #expect(try await f.lane("operations") == .init(queued: [id]))
        #expect(try await f.status(id) == .queued)
        #expect(try await f.pool.send(["LLEN", f.keys.marker("operations")]).int ?? 0 > 0, "idle workers are woken")
    }

    @Test("a dependent waits for its parent and is queued when the parent completes, across lanes")
    func releasedOnCompletion() async throws {
        let f = try StoreFixture()
        let parent = try await f.enqueue("llm")
        let other = try await f.enqueue("operations")
        let child = try await f.enqueue("operations", dependsOn: [parent, other])
        #expect(try await f.status(child) == .waiting)
        #expect(try await f.lane("operations").waiting == [child])
        try await f.store.complete(try #require(try await f.claim("llm")), result: "1")
        #expect(try await f.status(child) == .waiting, "one parent still runs")
        try await f.store.complete(try #require(try await f.claim("operations")), result: "1")
        #expect(try await f.status(child) == .queued)
        #expect(try await f.lane("operations") == .init(queued: [child], done: [other]))
    }

    @Test("a dependent fails when its parent fails, and the failure passes down the chain")
    func failedParent() async throws {
        let f = try StoreFixture()
        let parent = try await f.enqueue(maxRetries: 0)
        let child = try await f.enqueue("llm", dependsOn: [parent])
        let grandchild = try await f.enqueue(dependsOn: [child])
        try await f.store.fail(try #require(try await f.claim()), error: "bad")
        let record = try #require(try await f.store.task(id: child))
        #expect(record.status == .failed && record.error == "dependency \(parent) failed")
        #expect(try await f.status(grandchild) == .failed)
        #expect(try await f.lane("llm") == .init(done: [child]))
    }

    @Test("a dependency on a task that already completed does not wait; an unknown one is refused")
    func alreadyDone() async throws {
        let f = try StoreFixture()
        let parent = try await f.enqueue()
        try await f.store.complete(try #require(try await f.claim()), result: "1")
        let child = try await f.enqueue(dependsOn: [parent])
        #expect(try await f.status(child) == .queued)
        await #expect { try await f.enqueue(dependsOn: ["doesnotexist"]) } throws: { ($0 as? StoreError)?.code == .invalidInput }
    }

    @Test("a unique key returns the active task, and frees itself when the task ends")
    func uniqueKey() async throws {
        let f = try StoreFixture()
        let first = try await f.enqueue(uniqueKey: "report-7")
        let again = try await f.store.enqueue(NewTask(queue: "operations", operation: "noop", uniqueKey: "report-7"))
        #expect(again == EnqueueResult(id: first, created: false, status: nil))
        #expect(try await f.lane("operations").queued == [first])
        try await f.store.complete(try #require(try await f.claim()), result: "1")
        let later = try await f.enqueue(uniqueKey: "report-7")
        #expect(later != first)
    }

    @Test("an idempotency key returns the same task even after it finished")
    func idempotency() async throws {
        let f = try StoreFixture()
        let task = NewTask(queue: "operations", operation: "noop", idempotencyKey: "req-1")
        let first = try await f.store.enqueue(task)
        try await f.store.complete(try #require(try await f.claim()), result: "1")
        let second = try await f.store.enqueue(task)
        #expect(first.created && !second.created && second.id == first.id)
    }

    @Test("an unknown lane is refused with the configured lanes named")
    func unknownLane() async throws {
        let f = try StoreFixture()
        await #expect {
            try await f.enqueue("nope")
        } throws: { error in
            (error as? StoreError)?.message == "unknown queue 'nope'; configured queues: llm, operations"
        }
    }
}
