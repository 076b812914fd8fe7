import Foundation

/// Readable renderings of a task answer (the API's Task object).
enum TaskText {
    /// Whether a status is final: completed, failed or cancelled.
    static func isFinal(_ status: String?) -> Bool { ["completed", "failed", "cancelled"].contains(status ?? "") }

    /// `show`: one field a line, empty fields left out.
    static func details(_ task: JSON, now: Date = Date()) -> String {
        var lines: [(String, String)] = []
        func add(_ name: String, _ value: String?) { if let value, !value.isEmpty { lines.append((name, value)) } }
        func time(_ field: String) -> String? {
            task[field].string.map { "\($0) (\(Format.age($0, now: now)))" }
        }
        add("task", task["task_id"].string)
        add("queue", task["queue"].string)
        add("operation", task["operation"].string)
        add("status", task["status"].string.map { task["cancel_requested"].bool == true && $0 == "running" ? "\($0) (cancel requested)" : $0 })
        add("priority", task["priority"].int.map(String.init))
        let retries = task["max_retries"].int.map { " (max retries \($0))" } ?? ""
        add("attempts", task["attempts"].int.map { "\($0)\(retries)" })
        if let progress = task["progress"].double {
            add("progress", Format.percent(progress) + (task["progress_message"].string.map { "  \($0)" } ?? ""))
        }
        add("worker", task["worker"].string)
        add("group", task["group"].string)
        let parents = task["depends_on"].array.compactMap(\.string)
        add("depends on", parents.isEmpty ? nil : parents.joined(separator: ", "))
        add("unique key", task["unique_key"].string)
        add("timeout", task["timeout_seconds"].int.map { Format.seconds(Double($0)) })
        add("created", time("created_at"))
        add("scheduled", time("scheduled_for"))
        add("started", time("started_at"))
        var finished = time("completed_at")
        if let f = finished, let start = Format.date(task["started_at"].string), let end = Format.date(task["completed_at"].string) {
            finished = f + ", took \(Format.seconds(max(end.timeIntervalSince(start), 0)))"
        }
        add("finished", finished)
        add("callback", task["callback_url"].string)
        add("data", task["data"].text)
        add("metadata", task["metadata"].isNull ? nil : task["metadata"].text)
        add("error", task["error"].string)
        add("result", task["result"].isNull ? nil : task["result"].text)
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// One line for a finished wait: `ID completed in 1.2s: {"ok":true}` or `ID failed: message`.
    static func outcome(_ task: JSON) -> String {
        let id = task["task_id"].string ?? "?"
        let status = task["status"].string ?? "?"
        var took = ""
        if let start = Format.date(task["started_at"].string), let end = Format.date(task["completed_at"].string) {
            took = " in \(Format.seconds(max(end.timeIntervalSince(start), 0)))"
        }
        switch status {
        case "completed":
            return "\(id) completed\(took)" + (task["result"].isNull ? "" : ": \(Format.truncate(task["result"].text, 200))")
        case "failed", "cancelled":
            return "\(id) \(status)\(took)" + (task["error"].string.map { ": \($0)" } ?? "")
        default:
            return "\(id) \(status)"
        }
    }

    /// The row of `tasks`.
    static let headers = ["ID", "QUEUE", "OPERATION", "STATUS", "PRI", "TRIES", "PROGRESS", "CREATED", "ERROR"]

    /// A task as a row of `tasks`.
    static func row(_ task: JSON, now: Date = Date()) -> [String] {
        [task["task_id"].string ?? "", task["queue"].string ?? "", Format.truncate(task["operation"].string ?? "", 24),
         task["status"].string ?? "", task["priority"].int.map(String.init) ?? "", task["attempts"].int.map(String.init) ?? "",
         Format.percent(task["progress"].double), Format.age(task["created_at"].string, now: now),
         Format.truncate(task["error"].string ?? "", 40)]
    }
}
