import ArgumentParser

/// `lanes wait ID`: block until a task ends.
struct Wait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Wait for a task to end, with a progress bar; exit 0 completed, 1 failed or cancelled, 4 timed out."
    )

    @Argument(help: "The task id.") var id: String
    @Option(help: ArgumentHelp("Give up after this long: 30, 30s, 5m (default: wait for ever).", valueName: "duration")) var timeout: String?
    @OptionGroup var api: APIOptions

    func validate() throws {
        if let timeout, Format.parseDuration(timeout) == nil { throw ValidationError("--timeout: expected a duration like 30s or 5m, got '\(timeout)'") }
    }

    func run() async throws {
        try await TaskWaiter(client: api.client(), id: id, timeout: timeout.flatMap(Format.parseDuration), json: api.json).run()
    }
}
