import Foundation
import Testing

/// Views of the whole system and its administration: stats, workers, reconcile, schedules, watch.
@Suite("lanes stats, workers, reconcile, schedules, watch", .serialized)
struct SystemCommandsTests {
    @Test("stats shows every lane with its counts and limits; workers shows the live worker; reconcile reports its pass")
    func statsWorkersReconcile() async throws {
        let f = try await CLIFixture()
        #expect(try await f.lanes(["enqueue", "operations", "noop", "--wait"]).code == 0)
        let stats = try await f.lanes(["stats"])
        #expect(stats.code == 0)
        #expect(stats.lines.first?.hasPrefix("QUEUE") == true, "\(stats.stdout)")
        let operations = try #require(stats.lines.first { $0.hasPrefix("operations ") }, "\(stats.stdout)")
        #expect(operations.split(separator: " ").map(String.init) == ["operations", "0", "0", "0", "0", "1", "0", "0", "0", "0", "8", "-", "-"],
                "\(operations)")
        #expect(stats.lines.contains { $0.hasPrefix("llm ") } && stats.lines.last?.hasPrefix("TOTAL") == true)
        let json = try await f.lanes(["stats", "--json"])
        #expect((json.object["by_status"] as? [String: Any])?["completed"] as? Int == 1, "\(json)")
        let one = try await f.lanes(["stats", "llm", "--json"])
        #expect(one.object["queue"] as? String == "llm" && one.object["global_limit"] as? Int == 1, "\(one)")
        #expect(try await f.lanes(["stats", "gpu"]).code == 2)

        let worker = try #require(f.worker)
        let workers = try await f.lanes(["workers"])
        #expect(workers.code == 0 && workers.lines.count == 2, "\(workers)")
        #expect(workers.stdout.contains(" \(worker.pid) ") && workers.stdout.contains("llm:1 operations:8"), "\(workers.stdout)")
        let workersJSON = try await f.lanes(["workers", "--json"])
        #expect(workersJSON.object["total"] as? Int == 1)

        let reconcile = try await f.lanes(["reconcile"])
        #expect(reconcile.code == 0 && reconcile.stdout.hasPrefix("recovered 0 tasks of dead workers"), "\(reconcile)")
        let reconcileJSON = try await f.lanes(["reconcile", "--queue", "llm", "--json"])
        #expect(reconcileJSON.object["recovered_orphans"] as? Int == 0, "\(reconcileJSON)")
    }

    @Test("schedules lists, adds, pauses, resumes and deletes; an unknown name exits 2")
    func schedules() async throws {
        let f = try await CLIFixture(worker: false)
        #expect(try await f.lanes(["schedules"]).stdout == "no schedules\n")
        let added = try await f.lanes(["schedules", "add", "nightly", "operations", "report", "--cron", "0 3 * * *", "--timezone", "Europe/Berlin",
                                       "--data", #"{"kind": "daily"}"#])
        #expect(added.code == 0 && added.stdout.hasPrefix("saved nightly: 0 3 * * *"), "\(added)")
        #expect(try await f.lanes(["schedules", "add", "tick", "llm", "noop", "--every", "5m"]).code == 0)
        let list = try await f.lanes(["schedules"])
        #expect(list.lines.count == 3 && list.lines[1].hasPrefix("nightly") && list.lines[1].contains("operations/report"), "\(list.stdout)")
        #expect(list.lines[2].contains("every 5m") && list.lines[2].contains("active"), "\(list.stdout)")

        let paused = try await f.lanes(["schedules", "pause", "tick"])
        #expect(paused.code == 0 && paused.stdout == "paused tick\n", "\(paused)")
        let afterPause = try await f.lanes(["schedules", "list", "--json"])
        let tick = (afterPause.object["schedules"] as? [[String: Any]])?.first { $0["name"] as? String == "tick" }
        #expect(tick?["paused"] as? Bool == true, "\(afterPause)")
        #expect(try await f.lanes(["schedules", "resume", "tick", "--json"]).object["paused"] as? Bool == false)
        let shown = try await f.lanes(["schedules", "show", "nightly"])
        #expect(shown.stdout.contains("Europe/Berlin") && shown.stdout.contains(#""kind":"daily""#), "\(shown.stdout)")

        #expect(try await f.lanes(["schedules", "delete", "tick"]).stdout == "deleted tick\n")
        let gone = try await f.lanes(["schedules", "delete", "tick"])
        #expect(gone.code == 2 && gone.stderr == "lanes: schedule tick not found\n", "\(gone)")
        #expect(try await f.lanes(["schedules", "pause", "nope"]).code == 2)
        let bad = try await f.lanes(["schedules", "add", "bad", "operations", "noop", "--every", "potato"])
        #expect(bad.code == 2 && bad.stderr.contains("potato"), "\(bad)")
    }

    @Test("watch redraws a table of lanes each interval; without a terminal it never clears the screen; --json prints a line per refresh")
    func watch() async throws {
        let f = try await CLIFixture()
        let table = try await f.lanes(["watch", "--count", "3", "--interval", "0.2"])
        #expect(table.code == 0, "\(table)")
        #expect(!table.stdout.contains("\u{1B}["), "no ANSI codes when stdout is not a terminal")
        #expect(table.lines.filter { $0.hasPrefix("QUEUE") }.count == 3, "\(table.stdout)")
        #expect(table.stdout.contains("workers 1") && table.stdout.contains("DONE/S"), "\(table.stdout)")
        let json = try await f.lanes(["watch", "--count", "2", "--interval", "0.2", "--json"])
        #expect(json.lines.count == 2, "\(json)")
        for line in json.lines {
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect((parsed?["queues"] as? [Any])?.count == 2)
        }
        let down = try await CLIFixture.run(["watch", "--count", "2"], environment: ["LANES_URL": "http://127.0.0.1:9"])
        #expect(down.code == 3 && down.stderr == "lanes: cannot reach http://127.0.0.1:9: connection refused\n", "\(down)")
    }
}
