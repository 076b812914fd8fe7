import ArgumentParser

/// `lanes schedules`: recurring schedules; list by default, and add, show, pause, resume, delete.
struct Schedules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recurring schedules: list (default), add, show, pause, resume, delete.",
        subcommands: [List.self, Add.self, ShowOne.self, Pause.self, Resume.self, Delete.self],
        defaultSubcommand: List.self
    )

    /// `lanes schedules list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List schedules with their next and last runs.")
        @OptionGroup var api: APIOptions

        func run() async throws {
            let answer = try await api.client().call("GET", "/schedules")
            if api.json { return Terminal.out(answer.text + "\n") }
            let schedules = answer.json["schedules"].array
            guard !schedules.isEmpty else { return Terminal.out("no schedules\n") }
            var table = Table(["NAME", "WHEN", "TIMEZONE", "TASK", "STATE", "NEXT RUN", "LAST RUN", "LAST STATUS"])
            for s in schedules {
                table.add([s["name"].string ?? "?", ScheduleText.when(s), s["timezone"].string ?? "UTC",
                           "\(s["task"]["queue"].string ?? "?")/\(s["task"]["operation"].string ?? "?")",
                           s["paused"].bool == true ? "paused" : "active", Format.age(s["next_run_at"].string),
                           Format.age(s["last_run_at"].string), s["last_task_status"].string ?? "-"])
            }
            Terminal.out(table.text)
        }
    }

    /// `lanes schedules add NAME QUEUE OPERATION --cron|--every`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a schedule (admin key).",
            discussion: "Example: lanes schedules add nightly-report operations report --cron '0 3 * * *' --timezone Europe/Berlin"
        )
        @Argument(help: "Schedule name (letters, digits, . _ -).") var name: String
        @Argument(help: "The lane of the tasks it creates.") var queue: String
        @Argument(help: "The operation of the tasks it creates.") var operation: String
        @Option(help: "A cron expression, e.g. '*/5 * * * *'.") var cron: String?
        @Option(help: "An interval instead of cron: 30s, 5m, 1h, 1d.") var every: String?
        @Option(help: "With a day interval: the local time of day, HH:MM.") var at: String?
        @Option(help: "Time zone of the cron expression or --at (default UTC).") var timezone: String?
        @Option(name: [.short, .long], help: ArgumentHelp("The tasks' data: a JSON object, @file.json, or -.", valueName: "json")) var data = "{}"
        @Option(help: ArgumentHelp("The tasks' metadata: a JSON object.", valueName: "json")) var metadata: String?
        @Option(name: [.short, .long], help: "The tasks' priority, 0-100.") var priority: Int?
        @Flag(help: "Create it paused.") var paused = false
        @OptionGroup var api: APIOptions

        func validate() throws {
            if (cron == nil) == (every == nil) { throw ValidationError("give exactly one of --cron or --every") }
        }

        func run() async throws {
            let dataText = try JSONText.requireObject(JSONText.read(data, flag: "--data"), flag: "--data")
            let metadataText = try metadata.map { try JSONText.requireObject(JSONText.read($0, flag: "--metadata"), flag: "--metadata") }
            let task = JSONText.object([("queue", JSONText.quote(queue)), ("operation", JSONText.quote(operation)), ("data", dataText),
                                        ("metadata", metadataText), ("priority", priority.map(String.init))])
            let body = JSONText.object([("name", JSONText.quote(name)), ("cron", cron.map(JSONText.quote)), ("interval", every.map(JSONText.quote)),
                                        ("at", at.map(JSONText.quote)), ("timezone", timezone.map(JSONText.quote)),
                                        ("paused", paused ? "true" : nil), ("task", task)])
            let answer = try await api.client().call("POST", "/schedules", body: body)
            let s = answer.json
            Terminal.out(api.json ? answer.text + "\n" : "saved \(name): \(ScheduleText.when(s)), next run \(Format.age(s["next_run_at"].string))\n")
        }
    }

    /// `lanes schedules show NAME`.
    struct ShowOne: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one schedule.")
        @Argument(help: "Schedule name.") var name: String
        @OptionGroup var api: APIOptions

        func run() async throws {
            let answer = try await api.client().call("GET", "/schedules/\(APIClient.segment(name))")
            Terminal.out(api.json ? answer.text + "\n" : ScheduleText.details(answer.json))
        }
    }

    /// `lanes schedules pause NAME`.
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a schedule: it creates no tasks until resumed (admin key).")
        @Argument(help: "Schedule name.") var name: String
        @OptionGroup var api: APIOptions

        func run() async throws { try await ScheduleText.post(api, name, "pause", done: "paused") }
    }

    /// `lanes schedules resume NAME`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused schedule (admin key).")
        @Argument(help: "Schedule name.") var name: String
        @OptionGroup var api: APIOptions

        func run() async throws { try await ScheduleText.post(api, name, "resume", done: "resumed") }
    }

    /// `lanes schedules delete NAME`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a schedule; tasks it created are kept (admin key).")
        @Argument(help: "Schedule name.") var name: String
        @OptionGroup var api: APIOptions

        func run() async throws {
            let answer = try await api.client().call("DELETE", "/schedules/\(APIClient.segment(name))")
            Terminal.out(api.json ? answer.text + "\n" : "deleted \(name)\n")
        }
    }
}
