// The chaos test's worker: lanes-worker's runtime with the trial operations noop, sleep and fail
// replaced by handlers that write one line per execution start and end to a side channel that
// survives a Valkey kill: a per-process file opened with O_APPEND (one write(2) per line, so a
// SIGKILL never leaves half a line and lines of other processes never interleave).
// Run it like lanes-worker (same LANES_* variables) with LANES_CHAOS_LOG naming the file.
import Foundation
import LanesWorker

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends execution lines to the side-channel file.
///   start <task_id> <attempt> <unix ms> <worker>
///   end <task_id> <attempt> <unix ms> <worker> <ok|failed|stopped>
struct ExecutionLog: Sendable {
    let fd: Int32
    let worker: String

    init(path: String, worker: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            FileHandle.standardError.write(Data("chaos-worker: cannot open \(path): errno \(errno)\n".utf8))
            exit(1)
        }
        self.worker = worker
    }

    func write(_ event: String, _ context: TaskContext, _ outcome: String = "") {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let ms = Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        var line = "\(event) \(context.taskID) \(context.attempt) \(ms) \(worker)"
        if !outcome.isEmpty { line += " \(outcome)" }
        line += "\n"
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { appendBytes(fd, $0.baseAddress, $0.count) }
        if written != bytes.count {
            FileHandle.standardError.write(Data("chaos-worker: side channel write failed: errno \(errno)\n".utf8))
            exit(1)
        }
    }
}

/// write(2), outside `ExecutionLog` whose own `write` would shadow it.
private func appendBytes(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, bytes, count) }

/// Wraps a body with a start line before and an end line after (ok, failed, or stopped when the
/// attempt was cancelled: cancel request, lost lease, timeout or shutdown).
struct Logged: TaskHandler {
    let log: ExecutionLog
    let body: @Sendable (TaskContext) async throws -> String

    func handle(_ context: TaskContext) async throws -> String {
        log.write("start", context)
        do {
            let result = try await body(context)
            log.write("end", context, "ok")
            return result
        } catch {
            log.write("end", context, context.isCancelled || error is CancellationError ? "stopped" : "failed")
            throw error
        }
    }
}

let env = ProcessInfo.processInfo.environment
let worker = env["LANES_WORKER_ID"] ?? "chaos-\(getpid())"
let log = ExecutionLog(path: env["LANES_CHAOS_LOG"] ?? "chaos-\(getpid()).log", worker: worker)

/// `noop`: returns at once.
let noop = Logged(log: log) { _ in "null" }
/// `sleep`: `{"ms": n}`, cancellable.
let sleep = Logged(log: log) { context in
    let ms = (context.dataObject["ms"] as? NSNumber)?.intValue ?? 100
    try await Task.sleep(for: .milliseconds(ms))
    return #"{"slept_ms":\#(ms)}"#
}
/// `fail`: `{"fail_attempts": n}` fails attempts 1...n (retryable), then succeeds. With n above the
/// task's retries it ends failed.
let fail = Logged(log: log) { context in
    let failures = (context.dataObject["fail_attempts"] as? NSNumber)?.intValue ?? 1
    if context.attempt <= failures { throw HandlerError("chaos: failing attempt \(context.attempt) of \(failures) on purpose") }
    return #"{"attempt":\#(context.attempt)}"#
}

await WorkerApp.run(handlers: ["noop": noop, "sleep": sleep, "fail": fail])
