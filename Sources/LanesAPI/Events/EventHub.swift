import Foundation
import LanesCore
import LanesStore
import Synchronization
import ValkeyClient

/// One reader of the lanes' events streams per API process, fanned out to every subscriber
/// (SSE clients, waiters), so a thousand waiting clients cost one blocking Valkey connection.
public final class EventHub: Sendable {
    private struct State {
        var subscribers: [UUID: AsyncStream<TaskEvent>.Continuation] = [:]
        var started = false
        var stopped = false
    }

    private let store: TaskStore
    private let state = Mutex(State())
    private let connection: ValkeyConnection

    public init(store: TaskStore) {
        self.store = store
        connection = ValkeyConnection(configuration: store.pool.configuration)
    }

    /// A stream of every event from now on; it ends when the returned stream is dropped.
    public func subscribe() -> AsyncStream<TaskEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: TaskEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        let id = UUID()
        let start = state.withLock { state in
            state.subscribers[id] = continuation
            defer { state.started = true }
            return !state.started
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        if start { Task.detached { [self] in await self.read() } }
        return stream
    }

    private func read() async {
        var cursor: EventCursor?
        while !state.withLock({ $0.stopped }) {
            do {
                if cursor == nil { cursor = try await store.latestEventCursor() }
                let events = try await store.readEvents(after: cursor!, blockMs: 1_000, connection: connection)
                for event in events {
                    cursor = cursor!.advanced(past: event)
                    let subscribers = state.withLock { Array($0.subscribers.values) }
                    for subscriber in subscribers { subscriber.yield(event) }
                }
            } catch {
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Ends every subscription and the reader (at its next wake-up, within a second); for shutdown.
    public func stop() {
        let subscribers = state.withLock { state in
            state.stopped = true
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Waits until task `id` is final or `timeout` passes, without polling; returns its record
    /// (nil when unknown).
    public func waitUntilFinal(id: String, timeout: Duration) async throws(StoreError) -> TaskRecord? {
        let events = subscribe()
        guard let record = try await store.task(id: id) else { return nil }
        if record.status.isFinal { return record }
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in events where event.taskID == id && event.isFinal { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            _ = await group.next()
            group.cancelAll()
        }
        return try await store.task(id: id)
    }
}

extension TaskEvent {
    /// True when this event comes after `position` ("<ms>-<seq>") in its lane's stream.
    func isAfter(_ position: String?) -> Bool {
        guard let position else { return true }
        func parts(_ id: String) -> (Int64, Int64) {
            let p = id.split(separator: "-").map { Int64($0) ?? 0 }
            return (p.first ?? 0, p.count > 1 ? p[1] : 0)
        }
        let (a, b) = (parts(streamID), parts(position))
        return a.0 > b.0 || (a.0 == b.0 && a.1 > b.1)
    }
}
