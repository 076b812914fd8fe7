import LanesCore
import LanesTestSupport
import Testing
import ValkeyClient
@testable import LanesStore

@Suite("Events stream")
struct EventTests {
    @Test("every state change of a task is an event, in order, and a cursor resumes without gaps")
    func lifecycleEvents() async throws {
        let f = try StoreFixture()
        let start = try await f.store.latestEventCursor()
        let id = try await f.enqueue(maxRetries: 1)
        let first = try #require(try await f.claim())
        try await f.store.progress(first, fraction: 0.5, message: "half")
        try await f.store.fail(first, error: "flaky", retryAt: 0)
        _ = try await f.store.promote(lane: "operations")
        try await f.store.complete(try #require(try await f.claim()), result: "1")
        let events = try await f.store.readEvents(after: start).filter { $0.taskID == id }
        #expect(events.map(\.event) == ["created", "started", "progress", "retrying", "queued", "started", "completed"])
        #expect(events.last?.isFinal == true)
        let resumed = try await f.store.readEvents(after: start.advanced(past: events[2]))
        #expect(resumed.map(\.event) == Array(events.map(\.event).dropFirst(3)))
        #expect(EventCursor(start.advanced(past: events[2]).description) == start.advanced(past: events[2]))
        #expect(EventCursor("llm=abc") == nil)
    }

    @Test("a blocking read wakes as soon as an event arrives")
    func blockingRead() async throws {
        let f = try StoreFixture()
        let cursor = try await f.store.latestEventCursor()
        let connection = ValkeyConnection(configuration: f.pool.configuration)
        async let events = f.store.readEvents(after: cursor, blockMs: 30_000, connection: connection)
        try await Task.sleep(for: .milliseconds(100))
        let id = try await f.enqueue("llm")
        let start = ContinuousClock.now
        let got = try await events
        #expect(got.first?.taskID == id && got.first?.lane == "llm")
        #expect(ContinuousClock.now - start < .seconds(10), "woken by the event, not by the 30 s block")
    }
}
