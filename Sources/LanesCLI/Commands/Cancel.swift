import ArgumentParser

/// `lanes cancel ID...`, or every active task of a lane (`--queue`), of all lanes (`--all`), of a `--group`, or matching `--metadata`.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel tasks: by id, every active task of a lane (--queue), all lanes (--all), a --group, or by --metadata.",
        discussion: "A running task is stopped by its worker within one heartbeat and never retried."
    )

    @Argument(help: "Task ids.") var ids: [String] = []
    @Option(name: [.short, .long], help: "Cancel every active task of this lane (or, with --metadata, only in it).") var queue: String?
    @Flag(help: "Cancel every active task of every lane.") var all = false
    @Option(help: "Cancel every active task of this group.") var group: String?
    @Option(help: ArgumentHelp("Cancel active tasks whose metadata holds these fields, e.g. '{\"user\": 42}'.", valueName: "json")) var metadata: String?
    @OptionGroup var api: APIOptions

    func validate() throws {
        let modes = [!ids.isEmpty, all, group != nil, metadata != nil, queue != nil && metadata == nil].filter { $0 }.count
        if modes != 1 { throw ValidationError("give task ids, --queue QUEUE, --all, --group GROUP, or --metadata JSON (one of them)") }
        if all && queue != nil { throw ValidationError("--all cancels every lane; drop --queue or --all") }
    }

    func run() async throws {
        let client = try api.client()
        if let metadata {
            let filter = try JSONText.requireObject(JSONText.read(metadata, flag: "--metadata"), flag: "--metadata")
            let body = JSONText.object([("metadata", filter), ("queue", queue.map(JSONText.quote))])
            let answer = try await client.call("POST", "/tasks/cancel", body: body)
            return Terminal.out(api.json ? answer.text + "\n" : "cancelled \(Format.count(answer.json["cancelled"].int ?? 0, "task"))\n")
        }
        if let group {
            let answer = try await client.call("DELETE", "/groups/\(APIClient.segment(group))")
            return Terminal.out(api.json ? answer.text + "\n" : "cancelled \(Format.count(answer.json["cancelled"].int ?? 0, "task")) in group \(group)\n")
        }
        if ids.isEmpty {
            let answer = try await client.call("DELETE", "/tasks", query: [("queue", queue)])
            let scope = queue.map { "in \($0)" } ?? "in every lane"
            return Terminal.out(api.json ? answer.text + "\n" : "cancelled \(Format.count(answer.json["cancelled"].int ?? 0, "task")) \(scope)\n")
        }
        if ids.count == 1 {
            let answer = try await client.call("DELETE", "/tasks/\(APIClient.segment(ids[0]))")
            let running = answer.json["was_running"].bool == true ? " (was running: its worker stops it within a heartbeat)" : ""
            return Terminal.out(api.json ? answer.text + "\n" : "cancelled \(ids[0])\(running)\n")
        }
        let answer = try await client.call("POST", "/tasks/cancel", body: JSONText.object([("task_ids", JSONText.array(ids))]))
        let json = answer.json
        let failed = json["failed"].array
        if api.json {
            Terminal.out(answer.text + "\n")
        } else {
            Terminal.out("cancelled \(json["cancelled_count"].int ?? 0) of \(json["requested_count"].int ?? ids.count)\n")
            for item in failed { Terminal.error("cannot cancel \(item["task_id"].string ?? "?"): \(item["reason"].string ?? "refused")") }
        }
        if !failed.isEmpty { throw ExitCode(ExitStatus.usage) }
    }
}
