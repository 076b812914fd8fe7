import ArgumentParser

/// `lanes stats [QUEUE]`: counts per lane.
struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts per lane: queued, scheduled, waiting and running now; completed, failed, cancelled since the lane began."
    )

    @Argument(help: "Only this lane.") var queue: String?
    @OptionGroup var api: APIOptions

    func run() async throws {
        let client = try api.client()
        let answer = try await client.call("GET", queue.map { "/stats/\(APIClient.segment($0))" } ?? "/stats")
        if api.json { return Terminal.out(answer.text + "\n") }
        let lanes = queue == nil ? answer.json["queues"].array : [answer.json]
        Terminal.out(LaneTable.render(lanes))
    }
}
