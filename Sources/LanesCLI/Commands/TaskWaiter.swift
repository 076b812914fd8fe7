import ArgumentParser
import Foundation

/// Waits for a task to end by long-polling `/tasks/{id}/wait`, drawing a progress bar when stderr is a terminal.
struct TaskWaiter {
    let client: APIClient
    let id: String
    /// Give up after this many seconds (exit 4); nil waits for ever.
    let timeout: Double?
    /// Print the API's JSON of the final task instead of a summary line.
    let json: Bool

    /// Waits, prints the outcome, and exits 1 when the task failed or was cancelled.
    func run() async throws {
        let showBar = Terminal.stderrIsTTY && !json
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var bar = ProgressBar()
        var last: APIResponse
        repeat {
            let remaining = deadline.map { max($0.timeIntervalSinceNow, 0) } ?? .infinity
            // The session times out a request after `requestTimeout`, so each long poll stays well inside it.
            let step = min(showBar ? 1 : 25, remaining, client.requestTimeout / 2)
            last = try await client.call("GET", "/tasks/\(APIClient.segment(id))/wait",
                                         query: [("timeout", String(format: "%.3f", step))])
            let task = last.json
            if showBar { bar.draw(status: task["status"].string ?? "?", progress: task["progress"].double, message: task["progress_message"].string) }
            if TaskText.isFinal(task["status"].string) { break }
            if let deadline, Date() >= deadline {
                bar.finish()
                if json { Terminal.out(last.text + "\n") }
                throw CLIError(code: ExitStatus.waitTimedOut,
                               message: "task \(id) is still \(task["status"].string ?? "active") after \(Format.seconds(timeout ?? 0))")
            }
        } while true
        bar.finish()
        let task = last.json
        Terminal.out((json ? last.text : TaskText.outcome(task)) + "\n")
        if task["status"].string != "completed" { throw ExitCode(ExitStatus.taskFailed) }
    }
}
