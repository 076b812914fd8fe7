import Foundation
import Synchronization

/// `exec`: runs the configured command in its own process group with the task JSON on stdin.
/// Stdout lines report progress, log lines and the result; a non-zero exit fails the attempt with
/// the tail of stderr. Cancellation (cancel, timeout, shutdown) sends SIGTERM to the whole group,
/// then SIGKILL after `killGrace`; once the command exits, anything it left in its group is
/// killed, so no child outlives its task.
public struct ExecHandler: TaskHandler {
    let command: [String]
    let environment: [String: String]
    let killGrace: Duration

    /// `command` is looked up on PATH; `environment` is added to the worker's.
    public init(command: [String], environment: [String: String] = [:], killGrace: Duration = .seconds(5)) {
        self.command = command
        self.environment = environment
        self.killGrace = killGrace
    }

    public func handle(_ context: TaskContext) async throws -> String {
        guard !command.isEmpty else { throw HandlerError("exec: no command configured", retryable: false) }
        let environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.merging([
            "LANES_TASK_ID": context.taskID, "LANES_ATTEMPT": String(context.attempt),
            "LANES_QUEUE": context.lane, "LANES_OPERATION": context.operation,
        ]) { _, new in new }
        let child: ChildProcess
        do { child = try ChildProcess.spawn(command, environment: environment) } catch {
            throw HandlerError("exec: cannot start \(command[0]): \(error)", retryable: false)
        }
        let group = ProcessGroup(leader: child.pid)
        let (stdin, stdout, stderr, exited) = (child.stdin, child.stdout, child.stderr, child.exited)

        // Blocking pipe I/O runs on dispatch threads, never on Swift's cooperative pool. A command
        // that does not read its stdin makes the write fail with EPIPE (SIGPIPE is ignored).
        let input = Self.input(context)
        onOwnThread {
            try? stdin.write(contentsOf: input)
            try? stdin.close()
        }
        let errors = OutputTail()
        let errorsDone = Promise<Void>()
        onOwnThread {
            while case let chunk = stderr.availableData, !chunk.isEmpty { errors.append(chunk) }
            errorsDone.fulfill(())
        }
        let (lines, linesIn) = AsyncStream.makeStream(of: String.self)
        onOwnThread {
            var splitter = LineSplitter()
            while case let chunk = stdout.availableData, !chunk.isEmpty {
                splitter.append(chunk).forEach { linesIn.yield($0) }
            }
            if let last = splitter.finish() { linesIn.yield(last) }
            linesIn.finish()
        }

        return try await withTaskCancellationHandler {
            let reader = Task { await Self.follow(lines, context) }
            let status = await exited.value
            group.sweep()
            // Output still buffered is read; a descendant that escaped the group and holds the
            // pipes open is not waited for.
            Task {
                try? await Task.sleep(for: .seconds(2))
                linesIn.finish()
                errorsDone.fulfill(())
            }
            let result = await reader.value
            await errorsDone.value
            try Task.checkCancellation()
            guard status.succeeded else {
                let tail = errors.text
                throw HandlerError("\(status)\(tail.isEmpty ? "" : ": \(tail)")")
            }
            return result ?? "null"
        } onCancel: {
            group.terminate(grace: killGrace)
        }
    }

    /// Reports progress and log lines as they come; returns the last result line's value.
    static func follow(_ lines: AsyncStream<String>, _ context: TaskContext) async -> String? {
        var result: String?
        for await line in lines {
            switch ExecLine.parse(line) {
            case .progress(let fraction, let message): await context.progress(fraction, message)
            case .log(let text), .other(let text): await context.log(text)
            case .result(let json): result = json
            case nil: break
            }
        }
        return result
    }

    /// What the command reads on stdin: the task as one JSON line.
    static func input(_ context: TaskContext) -> Data {
        func quote(_ text: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data(#"[""]"#.utf8)
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        let json = #"{"task_id":\#(quote(context.taskID)),"queue":\#(quote(context.lane)),"operation":\#(quote(context.operation)),"attempt":\#(context.attempt),"data":\#(context.data),"metadata":\#(context.metadata)}"#
        return Data((json + "\n").utf8)
    }
}

/// The last few kilobytes a command wrote on stderr.
final class OutputTail: Sendable {
    private let bytes = Mutex(Data())
    let keep: Int

    init(keep: Int = 2_048) {
        self.keep = keep
    }

    func append(_ chunk: Data) {
        bytes.withLock { tail in
            tail.append(chunk)
            if tail.count > keep * 2 { tail = Data(tail.suffix(keep)) }
        }
    }

    /// The tail as text (at most about 1,000 bytes), trimmed.
    var text: String {
        let data = bytes.withLock { Data($0.suffix(1_000)) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
