import LanesCore

/// Runs one operation. Register it by operation name; the worker calls it for each attempt.
public protocol TaskHandler: Sendable {
    /// Runs the task and returns its result as JSON text; throws to fail the attempt (a
    /// `HandlerError` says whether a retry may help; any other error is retried).
    /// Observe cancellation (timeout, cancel, lost lease, shutdown) with `Task.isCancelled`,
    /// `try Task.checkCancellation()` or `context.isCancelled`.
    /// It starts on the thread that claimed the task and runs there until its first `await`: run
    /// blocking calls or long computations on a thread pool (e.g. `NIOThreadPool`), not inline.
    func handle(_ context: TaskContext) async throws -> String
}

/// A failed attempt, saying whether another attempt may help.
public struct HandlerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// False for errors a retry cannot fix (bad input, 4xx): the task fails at once.
    public let retryable: Bool

    /// A failure; `retryable: false` fails the task for good.
    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}
