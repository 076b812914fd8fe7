import LanesCore
import Testing
@testable import LanesStore

@Suite("Reconciler: orphans and crashed workers")
struct ReconcileTests {
    struct ExpiredCase: Sendable, CustomTestStringConvertible {
        let name: String
        let maxRetries: Int
        let retryOnCrash: Bool
        let attemptsBefore: Int
        let cancelFlag: Bool
        let expected: TaskStatus
        var testDescription: String { name }
    }

    @Test("an expired lease is requeued, failed or cancelled", arguments: [
        ExpiredCase(name: "attempts left: requeued", maxRetries: 3, retryOnCrash: true, attemptsBefore: 0, cancelFlag: false, expected: .queued),
        ExpiredCase(name: "attempts spent: failed", maxRetries: 1, retryOnCrash: true, attemptsBefore: 1, cancelFlag: false, expected: .failed),
        ExpiredCase(name: "retry_on_crash off: failed", maxRetries: 3, retryOnCrash: false, attemptsBefore: 0, cancelFlag: false, expected: .failed),
        ExpiredCase(name: "cancel flag set: cancelled", maxRetries: 3, retryOnCrash: true, attemptsBefore: 0, cancelFlag: true, expected: .cancelled),
    ])
    func expiredLease(_ c: ExpiredCase) async throws {
        let f = try StoreFixture(leaseMs: 1_000)
        let id = try await f.enqueue(maxRetries: c.maxRetries, retryOnCrash: c.retryOnCrash)
        try await f.pool.send(["HSET", f.keys.task("operations", id), "attempts", String(c.attemptsBefore)])
        _ = try #require(try await f.claim(now: 10_000))
        if c.cancelFlag { try await f.store.cancel(id: id) }
        let early = try await f.store.reconcile(lane: "operations", now: 10_999)
        #expect(early == ReconcileReport(), "a live lease is left alone")
        let report = try await f.store.reconcile(lane: "operations", now: 11_001)
        let record = try #require(try await f.store.task(id: id))
        #expect(record.status == c.expected)
        let state = try await f.lane("operations")
        #expect(state.running.isEmpty)
        if c.expected == .queued {
            #expect(report == ReconcileReport(recoveredCrashed: 1))
            #expect(state.queued == [id])
            #expect(record.attempts == c.attemptsBefore + 1, "the crashed attempt is spent")
            #expect(try await f.counter("operations", "recovered") == 1)
        } else {
            #expect(report == ReconcileReport(failedUnrecoverable: 1))
            #expect(state.done == [id])
        }
    }

    @Test("a running entry whose task hash is gone is removed as an orphan")
    func orphan() async throws {
        let f = try StoreFixture()
        let id = try await f.enqueue()
        _ = try #require(try await f.claim())
        try await f.pool.send(["DEL", f.keys.task("operations", id)])
        let report = try await f.store.reconcile(lane: "operations")
        #expect(report == ReconcileReport(recoveredOrphans: 1))
        #expect(try await f.lane("operations") == .init())
    }

    @Test("a queued id without a hash is skipped by the claim, not run")
    func queuedOrphanSkipped() async throws {
        let f = try StoreFixture()
        let gone = try await f.enqueue(priority: 90)
        let kept = try await f.enqueue(priority: 10)
        try await f.pool.send(["DEL", f.keys.task("operations", gone)])
        #expect(try await f.claim()?.id == kept)
    }

    @Test("the reconcile lock lets one holder in at a time")
    func lock() async throws {
        let f = try StoreFixture()
        #expect(try await f.store.tryLockReconcile(owner: "a", ttlMs: 5_000))
        #expect(try await !f.store.tryLockReconcile(owner: "b", ttlMs: 5_000))
        try await f.store.unlockReconcile(owner: "b")
        #expect(try await !f.store.tryLockReconcile(owner: "b", ttlMs: 5_000))
        try await f.store.unlockReconcile(owner: "a")
        #expect(try await f.store.tryLockReconcile(owner: "b", ttlMs: 5_000))
    }
}
