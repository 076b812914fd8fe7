import LanesCore
import Synchronization
import Testing
@testable import LanesStore

@Suite("Completions claim for the slots they free, in the same round trip")
struct RefillTests {
    /// A worker's side of a refill: asks for a fixed number of tasks and keeps what it gets.
    final class RecordingRefill: SlotRefill {
        let workerID = "w2"
        let wanted: Int
        let handed = Mutex<[(claimed: [ClaimedTask], replacing: [String])]>([])

        init(wanted: Int) { self.wanted = wanted }

        func slotsToRefill(lane: String, completing: [ClaimedTask]) -> Int { min(wanted, completing.count) }

        func refill(lane: String, claimed: [ClaimedTask], replacing completing: [ClaimedTask], claimSentAt: ContinuousClock.Instant) {
            handed.withLock { $0.append((claimed, completing.map(\.id))) }
        }
    }

    @Test("a completion with a refill completes its task and claims the next one for the same worker")
    func claimsNext() async throws {
        let f = try StoreFixture()
        let first = try await f.enqueue(priority: 90)
        let second = try await f.enqueue(priority: 10)
        let task = try #require(try await f.claim())
        #expect(task.id == first)
        let refill = RecordingRefill(wanted: 1)
        try await f.store.complete(task, result: "1", refill: refill)

        #expect(try await f.status(first) == .completed)
        let handed = refill.handed.withLock { $0 }
        #expect(handed.count == 1 && handed[0].replacing == [first])
        let next = try #require(handed.first?.claimed.first)
        #expect(next.id == second && next.token == 1 && next.record.status == .running && next.record.attempts == 1)
        #expect(next.record.worker == "w2" && next.record.operation == "noop", "the claimed record merges the hash and the claim's changes")
        #expect(try await f.lane("operations").running == [second])
        #expect(try await f.status(second) == .running)
    }

    @Test("a lane at its global limit frees its place first: the refill takes it")
    func globalLimit() async throws {
        let f = try StoreFixture(lanes: [LaneConfig(name: "llm", concurrency: 1, globalLimit: 1)])
        _ = try await f.enqueue("llm")
        let second = try await f.enqueue("llm")
        let task = try #require(try await f.claim("llm"))
        #expect(try await f.store.claim(lane: "llm", worker: "w3", max: 1).isEmpty, "the lane is at its limit")
        // The order under test holds once the server knows both scripts: when it knows claim.lua but
        // not complete.lua, the completion is resent after the claim ran (ValkeyPool.run), and the
        // claim finds the place still taken.
        try await f.pool.call("SCRIPT", "LOAD", Scripts.complete.source)
        let refill = RecordingRefill(wanted: 1)
        try await f.store.complete(task, result: "1", refill: refill)
        #expect(refill.handed.withLock { $0.first?.claimed.map(\.id) } == [second])
        #expect(try await f.lane("llm").running == [second], "never two tasks in the running set")
    }

    @Test("no refill when the worker asks for none; an empty lane hands over nothing")
    func nothingToClaim() async throws {
        let f = try StoreFixture()
        let a = try await f.enqueue()
        let b = try await f.enqueue()
        let none = RecordingRefill(wanted: 0)
        try await f.store.complete(try #require(try await f.claim()), result: "1", refill: none)
        #expect(none.handed.withLock { $0.isEmpty })
        #expect(try await f.lane("operations").queued == [b])

        let empty = RecordingRefill(wanted: 1)
        try await f.store.complete(try #require(try await f.claim()), result: "1", refill: empty)
        let handed = empty.handed.withLock { $0 }
        #expect(handed.count == 1 && handed[0].claimed.isEmpty && handed[0].replacing == [b])
        #expect(try await f.status(a) == .completed)
        #expect(try await f.status(b) == .completed)
    }
}
