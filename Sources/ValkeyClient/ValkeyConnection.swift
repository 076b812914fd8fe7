import Synchronization

/// One connection to Valkey. Blocking: call it from a dedicated thread (the pool does).
/// Reconnects on the next use after a failure, waiting out a capped back-off between attempts.
public final class ValkeyConnection: Sendable {
    private struct State: ~Copyable {
        var context = HiredisContext()
        var backoffMs = 0
        var nextAttempt: ContinuousClock.Instant? = nil
        var lastError: ValkeyError? = nil
    }

    /// The configuration this connection dials.
    public let configuration: ValkeyConfiguration
    private let state = Mutex(State())

    static let minBackoffMs = 50
    static let maxBackoffMs = 2000

    /// Also makes the process ignore SIGPIPE (see `BrokenPipe`).
    public init(configuration: ValkeyConfiguration) {
        self.configuration = configuration
        BrokenPipe.ignored
    }

    /// Runs the commands as one pipeline and returns a reply per command. Blocks the calling thread.
    /// `timeoutMs` overrides the command timeout (for blocking commands such as BLPOP).
    public func execute(_ commands: [[String]], timeoutMs: Int? = nil) throws(ValkeyError) -> [ValkeyReply] {
        let config = configuration
        return try state.withLock { (state: inout State) throws(ValkeyError) -> [ValkeyReply] in
            if !state.context.isConnected {
                if let next = state.nextAttempt, ContinuousClock.now < next, let last = state.lastError {
                    throw last
                }
                do throws(ValkeyError) {
                    try state.context.connect(config)
                    state.backoffMs = 0
                    state.nextAttempt = nil
                    state.lastError = nil
                } catch {
                    state.backoffMs = min(max(state.backoffMs * 2, Self.minBackoffMs), Self.maxBackoffMs)
                    state.nextAttempt = ContinuousClock.now + .milliseconds(state.backoffMs)
                    state.lastError = error
                    throw error
                }
            }
            return try state.context.execute(commands, config: config, timeoutMs: timeoutMs)
        }
    }

    /// Closes the socket; the next call reconnects at once.
    public func close() {
        state.withLock { state in
            state.context.close()
            state.nextAttempt = nil
        }
    }
}
