import Foundation
import Synchronization

/// `exec`: runs the configured command in its own process group with the task JSON on stdin.
/// Stdout lines report progress, log lines and the result; a non-zero exit fails the attempt with
/// the tail of stderr. Cancellation (cancel, timeout, shutdown) sends SIGTERM to the whole group,
/// then SIGKILL after `killGrace`, so no child outlives its task.
public struct ExecHandler: TaskHandler {
    let command: [String]
    let environment: [String: String]
    let killGrace: Duration

    public init(command: [String], environment: [String: String] = [:], killGrace: Duration = .seconds(5)) {
        self.command = command
        self.environment = environment
        self.killGrace = killGrace
    }

    public func handle(_ context: TaskContext) async throws -> String {
        guard !command.isEmpty else { throw HandlerError("exec: no command configured", retryable: false) }
        let process = Process()
        // Foundation starts the child as the leader of its own process group, so the whole group
        // (the command and anything it spawned) can be signalled at once; env finds it on PATH.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .merging(["LANES_TASK_ID": context.taskID, "LANES_ATTEMPT": String(context.attempt)]) { _, new in new }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus); exited.continuation.finish() }
        do { try process.run() } catch { throw HandlerError("exec: cannot start \(command[0]): \(error)", retryable: false) }
        let pid = process.processIdentifier

        let input = #"{"task_id":"\#(context.taskID)","queue":"\#(context.lane)","operation":"\#(context.operation)","attempt":\#(context.attempt),"data":\#(context.data),"metadata":\#(context.metadata)}"#
        DispatchQueue.global().async {
            try? stdin.fileHandleForWriting.write(contentsOf: Data((input + "\n").utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let errTail = Mutex(Data())
        let errDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while case let chunk = stderr.fileHandleForReading.availableData, !chunk.isEmpty {
                errTail.withLock { tail in tail.append(chunk); if tail.count > 4096 { tail = tail.suffix(2048) } }
            }
            errDone.signal()
        }
        let lines = AsyncStream<String>.makeStream()
        DispatchQueue.global().async {
            var buffer = Data()
            while case let chunk = stdout.fileHandleForReading.availableData, !chunk.isEmpty {
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 10) {
                    lines.continuation.yield(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
            }
            if !buffer.isEmpty { lines.continuation.yield(String(decoding: buffer, as: UTF8.self)) }
            lines.continuation.finish()
        }

        let grace = killGrace
        return try await withTaskCancellationHandler {
            var result = "null"
            for await line in lines.stream {
                switch ExecLine.parse(line) {
                case .progress(let fraction, let message): await context.progress(fraction, message)
                case .log(let text), .other(let text): await context.log(text)
                case .result(let json): result = json
                case nil: break
                }
            }
            var status: Int32 = -1
            for await code in exited.stream { status = code }
            errDone.wait()
            if Task.isCancelled { throw CancellationError() }
            guard status == 0 else {
                let tail = String(decoding: errTail.withLock { $0 }.suffix(1000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                throw HandlerError("exit code \(status)\(tail.isEmpty ? "" : ": \(tail)")")
            }
            return result
        } onCancel: {
            kill(-pid, SIGTERM)
            Task.detached {
                try? await Task.sleep(for: grace)
                kill(-pid, SIGKILL)
            }
        }
    }
}
