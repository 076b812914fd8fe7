import Foundation
import LanesCore

/// Runs one operation. Register it by operation name; the worker calls it for each attempt.
public protocol TaskHandler: Sendable {
    /// Runs the task and returns its result as JSON text; throws to fail the attempt.
    /// Observe cancellation (timeout, cancel, shutdown) with `Task.isCancelled` or `context.isCancelled`.
    func handle(_ context: TaskContext) async throws -> String
}

/// A failed attempt, saying whether another attempt may help.
public struct HandlerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// False for errors a retry cannot fix (bad input, 4xx): the task fails at once.
    public let retryable: Bool

    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

/// What a handler gets: the task's input and a way to report progress and log lines.
public struct TaskContext: Sendable {
    public let taskID: String
    public let lane: String
    public let operation: String
    /// The task's data, the exact JSON text it was created with.
    public let data: String
    /// The task's metadata, JSON text.
    public let metadata: String
    /// 1 for the first attempt.
    public let attempt: Int
    /// The operation's settings from config/ (command, url, headers...).
    public let settings: OperationConfig?
    let reporter: @Sendable (_ fraction: Double?, _ message: String, _ logLines: [String]) async -> Void

    /// Decodes the data into a type of yours.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(data.utf8))
    }

    /// The data as a dictionary (empty when it is not an object).
    public var dataObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }

    /// Reports progress (0...1) with a message a person can read.
    public func progress(_ fraction: Double, _ message: String = "") async {
        await reporter(fraction, message, [])
    }

    /// Appends a line to the task's log (`GET /tasks/{id}/logs`).
    public func log(_ line: String) async {
        await reporter(nil, "", [line])
    }

    /// True once the attempt is cancelled (timeout, cancel request, lost lease or shutdown).
    public var isCancelled: Bool { Task.isCancelled }
}
