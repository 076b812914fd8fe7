import NIOPosix
import Synchronization

/// A fixed set of connections shared by many Swift tasks. Each call borrows one connection and
/// runs its blocking hiredis I/O on the pool's own threads, never on Swift's cooperative pool.
public final class ValkeyPool: Sendable {
    private struct State {
        var idle: [ValkeyConnection] = []
        var created = 0
        var waiters: [CheckedContinuation<ValkeyConnection, any Error>] = []
        var closed = false
    }

    /// The configuration every connection of the pool uses.
    public let configuration: ValkeyConfiguration
    private let threads: NIOThreadPool
    /// Separate threads for blocking commands, so a long BLPOP never delays pooled calls.
    private let blockingThreads: NIOThreadPool
    private let state = Mutex(State())
    private let sent = Atomic<Int>(0)

    /// Round trips made so far through `pipeline` (one per pipeline, whatever its length); for benchmarks.
    public var roundTrips: Int { sent.load(ordering: .relaxed) }

    /// Starts `configuration.poolSize` threads; connections open lazily on first use.
    public init(configuration: ValkeyConfiguration) {
        self.configuration = configuration
        threads = NIOThreadPool(numberOfThreads: max(configuration.poolSize, 1))
        threads.start()
        blockingThreads = NIOThreadPool(numberOfThreads: max(configuration.blockingThreads, 1))
        blockingThreads.start()
    }

    /// Sends one command and returns its reply (an `.error` reply is returned, not thrown).
    @discardableResult
    public func send(_ command: [String]) async throws(ValkeyError) -> ValkeyReply {
        try await pipeline([command])[0]
    }

    /// Sends one command and throws its error reply.
    @discardableResult
    public func call(_ command: String...) async throws(ValkeyError) -> ValkeyReply {
        try await send(command).orThrow()
    }

    /// Sends the commands in one round trip and returns their replies in order.
    public func pipeline(_ commands: [[String]], timeoutMs: Int? = nil) async throws(ValkeyError) -> [ValkeyReply] {
        guard !commands.isEmpty else { return [] }
        let connection = try await checkout()
        defer { checkin(connection) }
        sent.add(1, ordering: .relaxed)
        do {
            return try await threads.runIfActive { try connection.execute(commands, timeoutMs: timeoutMs) }
        } catch let error as ValkeyError {
            throw error
        } catch {
            throw ValkeyError(.poolClosed, "valkey pool for \(configuration.address) is shut down")
        }
    }

    /// Runs a blocking command (BLPOP, BZPOPMIN...) on its own connection, outside the shared pool,
    /// so that a long wait never holds a pooled connection or one of the pool's threads.
    public func blocking(_ command: [String], on connection: ValkeyConnection, waitMs: Int) async throws(ValkeyError) -> ValkeyReply {
        do {
            return try await blockingThreads.runIfActive {
                try connection.execute([command], timeoutMs: waitMs + self.configuration.commandTimeoutMs)[0]
            }
        } catch let error as ValkeyError {
            throw error
        } catch {
            throw ValkeyError(.poolClosed, "valkey pool for \(configuration.address) is shut down")
        }
    }

    /// Closes every connection and stops the threads; later calls throw `poolClosed`.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        idle.forEach { $0.close() }
        for waiter in waiters {
            waiter.resume(throwing: ValkeyError(.poolClosed, "valkey pool for \(configuration.address) is shut down"))
        }
        try? await threads.shutdownGracefully()
        try? await blockingThreads.shutdownGracefully()
    }

    private func checkout() async throws(ValkeyError) -> ValkeyConnection {
        enum Next { case ready(ValkeyConnection), wait, closed }
        let next: Next = state.withLock { state in
            if state.closed { return .closed }
            if let connection = state.idle.popLast() { return .ready(connection) }
            if state.created < max(configuration.poolSize, 1) {
                state.created += 1
                return .ready(ValkeyConnection(configuration: configuration))
            }
            return .wait
        }
        switch next {
        case .ready(let connection): return connection
        case .closed: throw ValkeyError(.poolClosed, "valkey pool for \(configuration.address) is shut down")
        case .wait:
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    let closed = state.withLock { state in
                        if let connection = state.idle.popLast() {
                            continuation.resume(returning: connection)
                        } else if !state.closed {
                            state.waiters.append(continuation)
                        }
                        return state.closed
                    }
                    if closed {
                        continuation.resume(throwing: ValkeyError(.poolClosed, "valkey pool is shut down"))
                    }
                }
            } catch let error as ValkeyError {
                throw error
            } catch {
                throw ValkeyError(.poolClosed, "valkey pool is shut down")
            }
        }
    }

    private func checkin(_ connection: ValkeyConnection) {
        let waiter: CheckedContinuation<ValkeyConnection, any Error>? = state.withLock { state in
            if state.closed { return nil }
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.idle.append(connection)
            return nil
        }
        if let waiter { waiter.resume(returning: connection) } else if state.withLock({ $0.closed }) { connection.close() }
    }
}
