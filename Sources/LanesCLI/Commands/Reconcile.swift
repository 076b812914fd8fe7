import ArgumentParser

/// `lanes reconcile`: one reconciliation pass now (admin key).
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one reconciliation pass now: recover tasks of dead workers and drop orphans (admin key)."
    )

    @Option(name: [.short, .long], help: "Only this lane.") var queue: String?
    @OptionGroup var api: APIOptions

    func run() async throws {
        let body = JSONText.object([("queue", queue.map(JSONText.quote))])
        let answer = try await api.client().call("POST", "/reconcile", body: body)
        if api.json { return Terminal.out(answer.text + "\n") }
        let json = answer.json
        Terminal.out("recovered \(Format.count(json["recovered_crashed"].int ?? 0, "task")) of dead workers, "
                     + "removed \(Format.count(json["recovered_orphans"].int ?? 0, "orphan")), "
                     + "failed \(json["failed_unrecoverable"].int ?? 0) that could not be retried\n")
    }
}
