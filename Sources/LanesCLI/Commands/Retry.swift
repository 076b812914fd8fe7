import ArgumentParser

/// `lanes retry ID...`: re-enqueue failed or cancelled tasks as new tasks.
struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-enqueue failed or cancelled tasks as new tasks; prints each new id.")

    @Argument(help: "Task ids.") var ids: [String]
    @Flag(help: "Wait for the new task to end (one id only), with a progress bar.") var wait = false
    @OptionGroup var api: APIOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one task id") }
        if wait && ids.count > 1 { throw ValidationError("--wait takes one task id") }
    }

    func run() async throws {
        let client = try api.client()
        for id in ids {
            let answer = try await client.call("POST", "/tasks/\(APIClient.segment(id))/retry")
            let newID = answer.json["new_task_id"].string ?? "?"
            if wait { return try await TaskWaiter(client: client, id: newID, timeout: nil, json: api.json).run() }
            Terminal.out(api.json ? answer.text + "\n" : "\(newID)\n")
        }
    }
}
