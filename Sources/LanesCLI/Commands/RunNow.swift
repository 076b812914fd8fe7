import ArgumentParser

/// `lanes run-now ID`: move a queued or scheduled task to the front of its lane.
struct RunNow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run-now", abstract: "Move a queued or scheduled task to the front of its lane.")

    @Argument(help: "Task ids.") var ids: [String]
    @OptionGroup var api: APIOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one task id") }
    }

    func run() async throws {
        let client = try api.client()
        for id in ids {
            let answer = try await client.call("POST", "/tasks/\(APIClient.segment(id))/execute")
            let task = answer.json
            Terminal.out(api.json ? answer.text + "\n" : "\(id) is next in \(task["queue"].string ?? "its lane") (\(task["status"].string ?? "queued"))\n")
        }
    }
}
