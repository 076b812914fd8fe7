import Foundation

/// Readable renderings of a schedule answer, and the pause/resume call they share.
enum ScheduleText {
    /// When it fires: the cron expression, or `every 1d at 09:00`.
    static func when(_ s: JSON) -> String {
        if let cron = s["cron"].string { return cron }
        return "every \(s["interval"].string ?? "?")" + (s["at"].string.map { " at \($0)" } ?? "")
    }

    /// `schedules show`: one field a line.
    static func details(_ s: JSON) -> String {
        let rows: [(String, String)] = [
            ("name", s["name"].string ?? "?"), ("when", when(s)), ("timezone", s["timezone"].string ?? "UTC"),
            ("state", s["paused"].bool == true ? "paused" : "active"), ("task", s["task"].text),
            ("next run", s["next_run_at"].string.map { "\($0) (\(Format.age($0)))" } ?? "-"),
            ("last run", s["last_run_at"].string.map { "\($0) (\(Format.age($0)))" } ?? "-"),
            ("last task", s["last_task_id"].string.map { "\($0) (\(s["last_task_status"].string ?? "?"))" } ?? "-"),
        ]
        return rows.map { $0.0.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// POST `/schedules/NAME/ACTION` and report it.
    static func post(_ api: APIOptions, _ name: String, _ action: String, done: String) async throws {
        let answer = try await api.client().call("POST", "/schedules/\(APIClient.segment(name))/\(action)")
        Terminal.out(api.json ? answer.text + "\n" : "\(done) \(name)" + (action == "resume" ? ", next run \(Format.age(answer.json["next_run_at"].string))" : "") + "\n")
    }
}
