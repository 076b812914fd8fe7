import ArgumentParser
import Foundation

/// `lanes workers`: live workers, their lanes, slots and running tasks.
struct Workers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Live workers: lanes, slots, running tasks and last heartbeat.")

    @OptionGroup var api: APIOptions

    func run() async throws {
        let answer = try await api.client().call("GET", "/workers")
        if api.json { return Terminal.out(answer.text + "\n") }
        let workers = answer.json["workers"].array
        guard !workers.isEmpty else { return Terminal.out("no live workers\n") }
        var table = Table(["ID", "HOST", "PID", "SLOTS", "RUNNING", "STARTED", "HEARTBEAT"], rightAligned: [2, 4])
        let now = Date()
        for worker in workers {
            let slots = worker["slots"].members.map { "\($0.0):\($0.1.int ?? 0)" }.joined(separator: " ")
            let lanes = worker["lanes"].array.compactMap(\.string)
            table.add([worker["id"].string ?? "?", worker["host"].string ?? "", worker["pid"].int.map(String.init) ?? "",
                       slots.isEmpty ? lanes.joined(separator: ",") : slots, String(worker["running"].array.count),
                       Format.age(worker["started_at"].string, now: now), Format.age(worker["last_heartbeat"].string, now: now)])
        }
        Terminal.out(table.text)
    }
}
