import NIOPosix
import Synchronization

/// One connection shared by many callers: requests that arrive while a write is in flight are sent
/// together in the next write (automatic pipelining), and each caller gets its own replies back.
/// The blocking hiredis I/O runs on the pool's threads, one flush at a time per connection.
final class MultiplexedConnection: Sendable {
    private struct Request {
        let commands: [[String]]
        let timeoutMs: Int?
        let continuation: CheckedContinuation<[ValkeyReply], any Error>
    }

    private struct State {
        var queue: [Request] = []
        var flushing = false
        var closed = false
    }

    /// Most requests sent in one write; bounds the latency a large batch adds.
    static let maxBatch = 128

    let connection: ValkeyConnection
    private let state = Mutex(State())

    init(configuration: ValkeyConfiguration) {
        connection = ValkeyConnection(configuration: configuration)
    }

    /// Requests waiting or in flight (for picking the least busy connection).
    var load: Int { state.withLock { $0.queue.count + ($0.flushing ? 1 : 0) } }

    /// Sends the commands (in the next write) and returns their replies.
    func submit(_ commands: [[String]], timeoutMs: Int?, on threads: NIOThreadPool) async throws -> [ValkeyReply] {
        try await withCheckedThrowingContinuation { continuation in
            let request = Request(commands: commands, timeoutMs: timeoutMs, continuation: continuation)
            let (start, closed) = state.withLock { state -> (Bool, Bool) in
                if state.closed { return (false, true) }
                state.queue.append(request)
                if state.flushing { return (false, false) }
                state.flushing = true
                return (true, false)
            }
            if closed {
                continuation.resume(throwing: ValkeyError(.poolClosed, "valkey pool for \(connection.configuration.address) is shut down"))
            } else if start {
                threads.submit { [self] workState in
                    if workState == .active { flush() } else { failAll(ValkeyError(.poolClosed, "valkey pool is shut down")) }
                }
            }
        }
    }

    /// Writes queued requests and hands out replies until the queue is empty. Runs on a pool thread.
    private func flush() {
        while true {
            let batch: [Request] = state.withLock { state in
                let taken = Array(state.queue.prefix(Self.maxBatch))
                state.queue.removeFirst(taken.count)
                if taken.isEmpty { state.flushing = false }
                return taken
            }
            if batch.isEmpty { return }
            let timeout = batch.compactMap(\.timeoutMs).max()
            do {
                let replies = try connection.execute(batch.flatMap(\.commands), timeoutMs: timeout)
                var offset = 0
                for request in batch {
                    request.continuation.resume(returning: Array(replies[offset..<(offset + request.commands.count)]))
                    offset += request.commands.count
                }
            } catch {
                for request in batch { request.continuation.resume(throwing: error) }
            }
        }
    }

    /// Fails every queued request and refuses new ones.
    func close() {
        failAll(ValkeyError(.poolClosed, "valkey pool for \(connection.configuration.address) is shut down"))
        connection.close()
    }

    private func failAll(_ error: ValkeyError) {
        let pending = state.withLock { state in
            state.closed = true
            state.flushing = false
            defer { state.queue = [] }
            return state.queue
        }
        for request in pending { request.continuation.resume(throwing: error) }
    }
}
