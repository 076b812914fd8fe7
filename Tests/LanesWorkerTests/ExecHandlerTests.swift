import Foundation
import Synchronization
import LanesTestSupport
import Testing
@testable import LanesWorker

/// What a handler reported through its context.
final class Reports: Sendable {
    private let state = Mutex<(progress: [Double], logs: [String])>(([], []))
    var progress: [Double] { state.withLock { $0.progress } }
    var logs: [String] { state.withLock { $0.logs } }

    func context(data: String = "{}", id: String = UUID().uuidString) -> TaskContext {
        TaskContext(taskID: id, lane: "operations", operation: "shell", data: data, metadata: #"{"team":"a"}"#, attempt: 2, settings: nil) { fraction, _, lines in
            self.state.withLock { state in
                if let fraction { state.progress.append(fraction) }
                state.logs += lines
            }
        }
    }
}

func shell(_ script: String, killGrace: Duration = .seconds(5)) -> ExecHandler {
    ExecHandler(command: ["sh", "-c", script], killGrace: killGrace)
}

func alive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

@Suite("exec handler, with real commands")
struct ExecHandlerTests {
    @Test("the command reads the task on stdin and reports progress, log lines and its result")
    func protocolLines() async throws {
        let reports = Reports()
        let script = #"read -r task; echo '{"progress": 0.5, "message": "half"}'; echo '{"log": "hello"}'; echo plain; printf '%s\n' "$task" >&2; echo "{\"result\": $task}""#
        let result = try await shell(script).handle(reports.context(data: #"{"n": 1}"#, id: "t-1"))
        let task = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any])
        #expect(task["task_id"] as? String == "t-1" && task["attempt"] as? Int == 2 && task["queue"] as? String == "operations")
        #expect((task["data"] as? [String: Int]) == ["n": 1] && (task["metadata"] as? [String: String]) == ["team": "a"])
        #expect(reports.progress == [0.5] && reports.logs == ["hello", "plain"])
    }

    @Test("a non-zero exit fails the attempt with the tail of stderr; a signal is named")
    func failures() async {
        await #expect(throws: HandlerError.self) { try await shell("echo 'bad input' >&2; exit 3").handle(Reports().context()) }
        do {
            _ = try await shell("cat >/dev/null; echo 'first line' >&2; echo 'bad input' >&2; exit 3").handle(Reports().context())
        } catch let error as HandlerError {
            #expect(error.message == "exit code 3: first line\nbad input" && error.retryable)
        } catch { Issue.record("\(error)") }
        do {
            _ = try await shell("kill -9 $$").handle(Reports().context())
        } catch let error as HandlerError {
            #expect(error.message == "killed by signal 9")
        } catch { Issue.record("\(error)") }
    }

    @Test("a command that never reads its stdin does not bring the worker down")
    func unreadInput() async throws {
        signal(SIGPIPE, SIG_IGN)
        let big = #"{"x": ""# + String(repeating: "a", count: 1 << 20) + #""}"#
        for _ in 0..<3 {
            #expect(try await shell(#"echo '{"result": 1}'"#).handle(Reports().context(data: big)) == "1")
        }
    }

    @Test("the task ends when the command exits, and what it left running is killed")
    func leftovers() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exec-\(UUID().uuidString.prefix(8))").path
        let started = ContinuousClock.now
        let result = try await shell(#"cat >/dev/null; sleep 60 & echo $! > "# + dir + #"; echo '{"result": "done"}'"#).handle(Reports().context())
        #expect(result == #""done""#)
        #expect(ContinuousClock.now - started < .seconds(30), "it does not wait for the 60 s background child")
        let pid = try #require(Int32(String(contentsOfFile: dir, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await eventually(timeout: .seconds(3)) { !alive(pid) }, "the background child is gone")
    }

    @Test("cancelling kills the command and its children with SIGTERM, then SIGKILL after the grace")
    func cancellation() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exec-\(UUID().uuidString.prefix(8))").path
        // The shell ignores SIGTERM, so only the SIGKILL after the grace ends it.
        let handler = shell(#"trap '' TERM; cat >/dev/null; sleep 60 & echo "$$ $!" > "# + dir + #"; wait"#, killGrace: .milliseconds(300))
        let work = Task { try await handler.handle(Reports().context()) }
        #expect(await eventually { ((try? String(contentsOfFile: dir, encoding: .utf8)) ?? "").hasSuffix("\n") })
        let pids = try String(contentsOfFile: dir, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        #expect(pids.count == 2 && pids.allSatisfy(alive))
        let cancelledAt = ContinuousClock.now
        work.cancel()
        await #expect(throws: CancellationError.self) { try await work.value }
        #expect(ContinuousClock.now - cancelledAt < .seconds(20), "far below the 60 s the command would run")
        #expect(await eventually(timeout: .seconds(2)) { !pids.contains(where: alive) }, "no child outlives its task")
    }

    @Test("stdout is split into lines, however it arrives; an endless line is cut")
    func lineSplitting() {
        var splitter = LineSplitter(maxBytes: 8)
        #expect(splitter.append(Data("ab".utf8)) == [])
        #expect(splitter.append(Data("c\nde\n\nf".utf8)) == ["abc", "de", ""])
        #expect(splitter.finish() == "f")
        #expect(splitter.append(Data("123456789".utf8)) == ["123456789"])
        #expect(splitter.finish() == nil)
    }
}
