import Foundation

/// `noop`: does nothing; for benchmarks.
public struct NoopHandler: TaskHandler {
    public init() {}
    public func handle(_ context: TaskContext) async throws -> String { "null" }
}

/// `sleep`: sleeps `{"seconds": x}` (default 1), cancellable, reporting progress.
public struct SleepHandler: TaskHandler {
    public init() {}
    public func handle(_ context: TaskContext) async throws -> String {
        let seconds = (context.dataObject["seconds"] as? NSNumber)?.doubleValue ?? 1
        guard seconds >= 0, seconds <= 86_400 else { throw HandlerError("sleep: seconds must be 0...86400", retryable: false) }
        let steps = max(1, min(10, Int(seconds)))
        for step in 1...steps {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000) / Int64(steps)))
            if steps > 1 { await context.progress(Double(step) / Double(steps), "slept \(step) of \(steps) parts") }
        }
        return #"{"slept":\#(seconds)}"#
    }
}

/// `echo`: returns the task's data as its result.
public struct EchoHandler: TaskHandler {
    public init() {}
    public func handle(_ context: TaskContext) async throws -> String { context.data }
}

/// `fail`: fails the attempt; `{"message": "...", "retryable": false}` to fail for good.
public struct FailHandler: TaskHandler {
    public init() {}
    public func handle(_ context: TaskContext) async throws -> String {
        let data = context.dataObject
        throw HandlerError(data["message"] as? String ?? "failed on purpose", retryable: (data["retryable"] as? Bool) ?? true)
    }
}
