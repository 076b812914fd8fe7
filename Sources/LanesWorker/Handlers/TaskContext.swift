import Foundation
import LanesCore

/// What a handler gets: the task's input, a way to report progress and log lines, and cancellation.
public struct TaskContext: Sendable {
    public let taskID: String
    /// The lane (queue) the task runs in.
    public let lane: String
    public let operation: String
    /// The task's data, the exact JSON text it was created with.
    public let data: String
    /// The task's metadata, JSON text (an object).
    public let metadata: String
    /// 1 for the first attempt.
    public let attempt: Int
    /// The operation's settings from config/ (command, url, headers...), nil for a Swift handler
    /// registered under an operation name config/ does not list.
    public let settings: OperationConfig?
    let reporter: @Sendable (_ fraction: Double?, _ message: String, _ logLines: [String]) async -> Void
    let stopped: @Sendable () -> Bool

    /// The longest log line kept; longer lines are cut.
    public static let maxLogLineBytes = 16_384

    init(taskID: String, lane: String, operation: String, data: String, metadata: String, attempt: Int, settings: OperationConfig?,
         stopped: @escaping @Sendable () -> Bool = { false },
         reporter: @escaping @Sendable (_ fraction: Double?, _ message: String, _ logLines: [String]) async -> Void) {
        self.taskID = taskID
        self.lane = lane
        self.operation = operation
        self.data = data
        self.metadata = metadata
        self.attempt = attempt
        self.settings = settings
        self.stopped = stopped
        self.reporter = reporter
    }

    /// Decodes the data into a type of yours.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(data.utf8))
    }

    /// Decodes the metadata into a type of yours.
    public func decodeMetadata<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(metadata.utf8))
    }

    /// The data as a dictionary (empty when it is not an object).
    public var dataObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }

    /// Reports progress (0...1) with a message a person can read.
    public func progress(_ fraction: Double, _ message: String = "") async {
        await reporter(fraction, message, [])
    }

    /// Appends a line to the task's log (`GET /tasks/{id}/logs`); the store keeps the latest lines.
    public func log(_ line: String) async {
        await reporter(nil, "", [Self.cut(line)])
    }

    /// True once the attempt is stopped (timeout, cancel request, lost lease or shutdown).
    public var isCancelled: Bool { Task.isCancelled || stopped() }

    static func cut(_ line: String) -> String {
        guard line.utf8.count > maxLogLineBytes else { return line }
        return String(decoding: line.utf8.prefix(maxLogLineBytes), as: UTF8.self) + "..."
    }
}
