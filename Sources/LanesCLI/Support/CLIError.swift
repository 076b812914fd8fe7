/// An error the command line reports as one line on stderr, with the exit code scripts rely on.
struct CLIError: Error {
    /// The exit code: 1 task failed, 2 usage or a refused request, 3 server unavailable, 4 wait timed out.
    let code: Int32
    /// The message after `lanes: `.
    let message: String

    /// A task ended failed or cancelled.
    static func taskFailed(_ message: String) -> CLIError { CLIError(code: ExitStatus.taskFailed, message: message) }
    /// Bad flags or arguments, or a 4xx answer from the API.
    static func usage(_ message: String) -> CLIError { CLIError(code: ExitStatus.usage, message: message) }
    /// The server cannot be reached, timed out, or answered 5xx.
    static func unavailable(_ message: String) -> CLIError { CLIError(code: ExitStatus.unavailable, message: message) }
}

/// The exit codes of `lanes`, stable for scripts.
enum ExitStatus {
    /// Success.
    static let ok: Int32 = 0
    /// A task ended failed or cancelled (`wait`, `enqueue --wait`).
    static let taskFailed: Int32 = 1
    /// Bad flags or arguments, or the API refused the request (4xx).
    static let usage: Int32 = 2
    /// The API could not be reached, timed out, or answered 5xx (503 when Valkey is down).
    static let unavailable: Int32 = 3
    /// `wait --timeout` passed before the task ended.
    static let waitTimedOut: Int32 = 4
}
