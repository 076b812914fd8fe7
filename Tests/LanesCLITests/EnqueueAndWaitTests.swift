import Foundation
import Testing

/// Creating tasks and waiting for them, as a script would.
@Suite("lanes enqueue and wait", .serialized)
struct EnqueueAndWaitTests {
    @Test("enqueue --wait prints the outcome of a completed task and exits 0; --json prints the API's task")
    func enqueueAndWaitCompletes() async throws {
        let f = try await CLIFixture()
        let plain = try await f.lanes(["enqueue", "operations", "echo", "--data", #"{"greeting": "hi"}"#, "--wait"])
        #expect(plain.code == 0, "\(plain)")
        #expect(plain.stdout.contains("completed") && plain.stdout.contains(#"{"greeting":"hi"}"#), "\(plain.stdout)")
        #expect(plain.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(plain.stderr)")

        let json = try await f.lanes(["enqueue", "operations", "echo", "--data", #"{"n": 1}"#, "--priority", "90", "--wait", "--json"])
        #expect(json.code == 0, "\(json)")
        #expect(json.object["status"] as? String == "completed")
        #expect(json.object["priority"] as? Int == 90)
        #expect((json.object["result"] as? [String: Any])?["n"] as? Int == 1)
    }

    @Test("enqueue prints only the new id, so id=$(lanes enqueue ...) works; data comes inline, from @file or from stdin")
    func enqueuePrintsTheID() async throws {
        let f = try await CLIFixture(worker: false)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(f.prefix)-data.json")
        try #"{"from": "file"}"#.write(to: file, atomically: true, encoding: .utf8)
        let inline = try await f.enqueue(["operations", "echo", "--data", #"{"from": "flag"}"#, "--group", "batch-1", "--metadata", #"{"user": 7}"#])
        let fromFile = try await f.enqueue(["operations", "echo", "--data", "@\(file.path)"])
        let piped = try await f.lanes(["enqueue", "llm", "echo", "--data", "-", "--delay", "1h", "--depends-on", inline], stdin: #"{"from": "stdin"}"#)
        #expect(piped.code == 0, "\(piped)")
        for id in [inline, fromFile] { #expect(id.range(of: #"^[A-Za-z0-9_-]{8,64}$"#, options: .regularExpression) != nil, "\(id)") }

        let shown = try await f.lanes(["show", inline, "--json"])
        #expect((shown.object["data"] as? [String: Any])?["from"] as? String == "flag")
        #expect(shown.object["group"] as? String == "batch-1")
        #expect((shown.object["metadata"] as? [String: Any])?["user"] as? Int == 7)
        #expect((try await f.lanes(["show", fromFile, "--json"]).object["data"] as? [String: Any])?["from"] as? String == "file")
        let third = try await f.lanes(["show", piped.lines[0], "--json"]).object
        #expect((third["data"] as? [String: Any])?["from"] as? String == "stdin")
        #expect(third["status"] as? String == "waiting" && third["depends_on"] as? [String] == [inline], "\(third)")

        let readable = try await f.lanes(["show", inline])
        #expect(readable.code == 0)
        #expect(readable.stdout.contains("status") && readable.stdout.contains("queued") && readable.stdout.contains("batch-1"), "\(readable.stdout)")
    }

    @Test("wait on a task that fails exits 1 with its error; on a cancelled task too; --timeout gives up with exit 4")
    func waitOnFailure() async throws {
        let f = try await CLIFixture()
        let failing = try await f.enqueue(["operations", "fail", "--data", #"{"message": "upstream said no"}"#, "--max-retries", "0"])
        let failed = try await f.lanes(["wait", failing])
        #expect(failed.code == 1, "\(failed)")
        #expect(failed.stdout.contains("failed") && failed.stdout.contains("upstream said no"), "\(failed.stdout)")
        let failedJSON = try await f.lanes(["wait", failing, "--json"])
        #expect(failedJSON.code == 1 && failedJSON.object["status"] as? String == "failed")

        let slow = try await f.enqueue(["operations", "sleep", "--data", #"{"seconds": 30}"#])
        let timedOut = try await f.lanes(["wait", slow, "--timeout", "1s"])
        #expect(timedOut.code == 4, "\(timedOut)")
        #expect(timedOut.stderr.hasPrefix("lanes: task \(slow) is still"), "\(timedOut.stderr)")
        #expect(try await f.lanes(["cancel", slow]).code == 0)
        let cancelled = try await f.lanes(["wait", slow, "--timeout", "20"])
        #expect(cancelled.code == 1 && cancelled.stdout.contains("cancelled"), "\(cancelled)")

        let enqueueWait = try await f.lanes(["enqueue", "operations", "fail", "--max-retries", "0", "--wait"])
        #expect(enqueueWait.code == 1, "\(enqueueWait)")
    }
}
