import NIOPosix
import Synchronization

/// A fixed set of connections shared by many Swift tasks. Calls are spread over the connections;
/// calls that meet on one connection share a write (automatic pipelining). Blocking hiredis I/O
/// runs on the pool's own threads, never on Swift's cooperative pool.
public final class ValkeyPool: Sendable {
    /// The configuration every connection of the pool uses.
    public let configuration: ValkeyConfiguration
    private let connections: [MultiplexedConnection]
    private let threads: NIOThreadPool
    /// Separate threads for blocking commands, so a long BLPOP never delays pooled calls.
    private let blockingThreads: NIOThreadPool
    private let sent = Atomic<Int>(0)
    private let next = Atomic<Int>(0)

    /// Round trips requested so far through `pipeline` (one per call, whatever its length); for benchmarks.
    public var roundTrips: Int { sent.load(ordering: .relaxed) }

    /// Starts `configuration.poolSize` threads; connections open lazily on first use.
    public init(configuration: ValkeyConfiguration) {
        self.configuration = configuration
        let size = max(configuration.poolSize, 1)
        connections = (0..<size).map { _ in MultiplexedConnection(configuration: configuration) }
        threads = NIOThreadPool(numberOfThreads: size)
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
        sent.add(1, ordering: .relaxed)
        do {
            return try await pick().submit(commands, timeoutMs: timeoutMs, on: threads)
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
        connections.forEach { $0.close() }
        try? await threads.shutdownGracefully()
        try? await blockingThreads.shutdownGracefully()
    }

    /// The next connection in turn, unless it is busier than an idle one.
    private func pick() -> MultiplexedConnection {
        let start = next.wrappingAdd(1, ordering: .relaxed).oldValue
        let first = connections[start % connections.count]
        if first.load == 0 || connections.count == 1 { return first }
        return connections.min { $0.load < $1.load } ?? first
    }
}
