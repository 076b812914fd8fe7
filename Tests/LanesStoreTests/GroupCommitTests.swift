import LanesCore
import Synchronization
import Testing
@testable import LanesStore

@Suite("Completions that meet are written together")
struct GroupCommitTests {
    /// A `send` that records each batch and holds the first one until `open()`.
    final class GatedSend: Sendable {
        private struct Gate {
            var opened = false
            var waiting: CheckedContinuation<Void, Never>?
        }
        let batches = Mutex<[[Int]]>([])
        /// Sends running now, and the most that ever ran at once.
        let sending = Mutex((now: 0, most: 0))
        private let gate = Mutex(Gate())

        func send(_ items: [Int]) async -> [Result<Int, StoreError>] {
            sending.withLock { $0 = ($0.now + 1, max($0.most, $0.now + 1)) }
            defer { sending.withLock { $0.now -= 1 } }
            let first = batches.withLock { batches in
                batches.append(items)
                return batches.count == 1
            }
            if first {
                await withCheckedContinuation { continuation in
                    let now = gate.withLock { gate in
                        if !gate.opened { gate.waiting = continuation }
                        return gate.opened
                    }
                    if now { continuation.resume() }
                }
            }
            return items.map { $0 < 0 ? .failure(StoreError(.stale, "item \($0)")) : .success($0 * 10) }
        }

        func open() {
            let waiting = gate.withLock { gate in
                gate.opened = true
                defer { gate.waiting = nil }
                return gate.waiting
            }
            waiting?.resume()
        }

        var count: Int { batches.withLock { $0.count } }
    }

    @Test("a call with nothing in flight goes alone; calls arriving meanwhile go together, at most `most` at a time")
    func coalescing() async throws {
        let gated = GatedSend()
        let coalescer = Coalescer<Int, Int>(most: 4) { await gated.send($0) }
        try await withThrowingTaskGroup(of: (Int, Result<Int, StoreError>).self) { group in
            group.addTask { (0, await Self.result { try await coalescer.submit(0) }) }
            while gated.count == 0 { try await Task.sleep(for: .milliseconds(1)) }
            for item in [1, 2, 3, -4, 5, 6] {
                group.addTask { (item, await Self.result { try await coalescer.submit(item) }) }
            }
            try await Task.sleep(for: .milliseconds(100))
            gated.open()
            for try await (item, result) in group {
                if item < 0 {
                    #expect(throws: StoreError.self) { try result.get() }
                } else {
                    #expect(try result.get() == item * 10, "each caller gets its own result")
                }
            }
        }
        let batches = gated.batches.withLock { $0 }
        #expect(batches.first == [0])
        #expect(batches.dropFirst().map(\.count) == [4, 2], "six waiting calls go as 4 + 2: \(batches)")
        #expect(Set(batches.joined()) == [0, 1, 2, 3, -4, 5, 6])
    }

    @Test("with two calls in flight, calls keep going out while one is held, never more than two at once")
    func twoInFlight() async throws {
        let gated = GatedSend()
        let coalescer = Coalescer<Int, Int>(most: 4, inFlight: 2) { await gated.send($0) }
        let held = Task { try await coalescer.submit(0) }
        while gated.count == 0 { try await Task.sleep(for: .milliseconds(1)) }
        #expect(try await coalescer.submit(1) == 10, "a second call goes out while the first is held")
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for item in 2...9 { group.addTask { (item, try await coalescer.submit(item)) } }
            return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
        }
        #expect(results == Dictionary(uniqueKeysWithValues: (2...9).map { ($0, $0 * 10) }), "every caller gets its own result")
        #expect(gated.batches.withLock { $0.first } == [0])
        gated.open()
        #expect(try await held.value == 0)
        #expect(gated.sending.withLock { $0.most } == 2)
        #expect(gated.batches.withLock { $0.allSatisfy { $0.count <= 4 } })
    }

    @Test("concurrent completions all land; a stale one fails alone and a parent in the batch releases its child")
    func concurrentCompletions() async throws {
        let f = try StoreFixture(lanes: [LaneConfig(name: "operations", concurrency: 50)])
        let parent = try await f.enqueue()
        let child = try await f.enqueue(dependsOn: [parent])
        for _ in 0..<29 { _ = try await f.enqueue() }
        let claimed = try await f.store.claim(lane: "operations", worker: "w1", max: 50)
        #expect(claimed.count == 30)
        let stale = try #require(claimed.last)
        try await f.pool.send(["HSET", f.keys.task("operations", stale.id), "token", String(stale.token + 1)])

        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for task in claimed {
                group.addTask { (task.id, (try? await f.store.complete(task, result: "\"\(task.id)\"")) != nil) }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter(\.value).count == 29)
        #expect(outcomes[stale.id] == false, "the stale token is refused")
        for task in claimed where task.id != stale.id {
            let record = try #require(try await f.store.task(id: task.id))
            #expect(record.status == .completed && record.result == "\"\(task.id)\"")
        }
        #expect(try await f.store.task(id: stale.id)?.status == .running, "a refused completion changes nothing")
        #expect(try await f.counter("operations", "completed") == 29)
        let state = try await f.lane("operations")
        #expect(state.running == [stale.id], "every completed task left the running set in its call")
        #expect(Set(state.done) == Set(claimed.map(\.id)).subtracting([stale.id]))
        #expect(try await f.store.task(id: child)?.status == .queued, "the finished parent released its child")
    }

    private static func result(_ body: () async throws -> Int) async -> Result<Int, StoreError> {
        do { return .success(try await body()) } catch { return .failure(error as? StoreError ?? StoreError(.invalidState, "\(error)")) }
    }
}
