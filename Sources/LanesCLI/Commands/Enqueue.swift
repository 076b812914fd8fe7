import Foundation
import ArgumentParser

/// `lanes enqueue QUEUE OPERATION`: create a task, optionally wait for it.
struct Enqueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a task; prints its id (or waits for it with --wait).",
        discussion: "Example: lanes enqueue operations word-count --data '{\"text\": \"to be\"}' --priority 80 --wait"
    )

    @Argument(help: "The lane (queue), e.g. operations or llm.") var queue: String
    @Argument(help: "The operation, e.g. word-count.") var operation: String
    @Option(name: [.short, .long], help: ArgumentHelp("The task's data: a JSON object, @file.json, or - for stdin.", valueName: "json")) var data = "{}"
    @Option(help: ArgumentHelp("Metadata: a JSON object, @file.json, or - for stdin.", valueName: "json")) var metadata: String?
    @Option(name: [.short, .long], help: "0-100, higher runs first (default 50).") var priority: Int?
    @Option(help: ArgumentHelp("Run after this long: 30, 30s, 5m, 2h, 1d.", valueName: "duration")) var delay: String?
    @Option(help: ArgumentHelp("Run at this UTC time (ISO-8601, e.g. 2030-01-01T09:00:00Z).", valueName: "time")) var at: String?
    @Option(help: "A group name, to follow or cancel related tasks together.") var group: String?
    @Option(name: .customLong("depends-on"), parsing: .singleValue, help: ArgumentHelp("Run only after this task completes (repeat, or comma-separated).", valueName: "id"))
    var dependsOn: [String] = []
    @Option(name: .customLong("max-retries"), help: "Retries after a failure (0-100).") var maxRetries: Int?
    @Option(help: ArgumentHelp("Per-attempt timeout: 300, 90s, 10m.", valueName: "duration")) var timeout: String?
    @Option(name: .customLong("unique-key"), help: "Only one active task may hold this key; the existing one is returned.") var uniqueKey: String?
    @Option(name: .customLong("idempotency-key"), help: "Repeating a create with this key returns the first task (24 h).") var idempotencyKey: String?
    @Option(name: .customLong("callback-url"), help: "POSTed the task's final state when it ends.") var callbackURL: String?
    @Flag(name: .customLong("no-retry-on-crash"), help: "Fail the task instead of retrying it when its worker dies.") var noRetryOnCrash = false
    @Flag(help: "Wait for the task to end, with a progress bar; exit 1 if it fails or is cancelled.") var wait = false
    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("With --wait: give up after this long (exit 4).", valueName: "duration")) var waitTimeout: String?
    @OptionGroup var api: APIOptions

    func validate() throws {
        if let priority, !(0...100).contains(priority) { throw ValidationError("--priority must be 0-100, got \(priority)") }
        if let delay, Format.parseDuration(delay) == nil { throw ValidationError("--delay: expected a duration like 30s, 5m or 2h, got '\(delay)'") }
        if let timeout, Format.parseDuration(timeout).map({ $0 >= 1 }) != true { throw ValidationError("--timeout: expected a duration of at least 1s, got '\(timeout)'") }
        if delay != nil && at != nil { throw ValidationError("give --delay or --at, not both") }
        if waitTimeout != nil && !wait { throw ValidationError("--wait-timeout needs --wait") }
        if let waitTimeout, Format.parseDuration(waitTimeout) == nil { throw ValidationError("--wait-timeout: expected a duration like 30s or 5m, got '\(waitTimeout)'") }
        if data == "-" && metadata == "-" { throw ValidationError("only one of --data and --metadata can read stdin") }
    }

    func run() async throws {
        let client = try api.client()
        let body = try requestBody()
        let headers = idempotencyKey.map { ["Idempotency-Key": $0] } ?? [:]
        let created = try await client.call("POST", "/tasks", body: body, headers: headers)
        guard let id = created.json["task_id"].string else { throw CLIError.unavailable("the API answered without a task_id: \(created.text)") }
        guard wait else {
            Terminal.out((api.json ? created.text : id) + "\n")
            return
        }
        let waiter = TaskWaiter(client: client, id: id, timeout: waitTimeout.flatMap(Format.parseDuration), json: api.json)
        try await waiter.run()
    }

    /// The POST /tasks body; user JSON is passed through as typed.
    func requestBody() throws -> String {
        let dataText = try JSONText.requireObject(JSONText.read(data, flag: "--data"), flag: "--data")
        let metadataText = try metadata.map { try JSONText.requireObject(JSONText.read($0, flag: "--metadata"), flag: "--metadata") }
        let parents = dependsOn.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        return JSONText.object([
            ("queue", JSONText.quote(queue)),
            ("operation", JSONText.quote(operation)),
            ("data", dataText),
            ("metadata", metadataText),
            ("priority", priority.map(String.init)),
            ("max_retries", maxRetries.map(String.init)),
            ("retry_on_crash", noRetryOnCrash ? "false" : nil),
            ("timeout_seconds", timeout.flatMap(Format.parseDuration).map { String(Int($0.rounded())) }),
            ("group", group.map(JSONText.quote)),
            ("depends_on", parents.isEmpty ? nil : JSONText.array(parents)),
            ("delay_seconds", delay.flatMap(Format.parseDuration).map { String($0) }),
            ("scheduled_for", at.map(JSONText.quote)),
            ("unique_key", uniqueKey.map(JSONText.quote)),
            ("callback_url", callbackURL.map(JSONText.quote)),
        ])
    }
}
