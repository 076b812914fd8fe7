import ArgumentParser
import Foundation

/// The `lanes` command line: a client of the Lanes REST API.
@main
struct LanesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lanes",
        abstract: "Create, inspect and manage Lanes tasks over the REST API.",
        discussion: """
            Every command takes --url (or LANES_URL, default http://127.0.0.1:8080), --key (or LANES_API_KEY) \
            and --json (print the API's JSON). Exit codes: 0 ok, 1 a task failed or was cancelled, 2 bad usage \
            or a request the API refused (4xx), 3 server unavailable (unreachable, timeout, 5xx), \
            4 wait timed out before the task ended.
            """,
        subcommands: [Enqueue.self, Tasks.self, Show.self, Wait.self, Cancel.self, Retry.self, RunNow.self,
                      Stats.self, Workers.self, Schedules.self, Reconcile.self, Watch.self]
    )

    /// Parses, runs, and exits with the documented code; errors are one line on stderr.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            Foundation.exit(ExitStatus.ok)
        } catch let error as CLIError {
            Terminal.error(error.message)
            Foundation.exit(error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Terminal.out(fullMessage(for: error) + "\n")   // --help, --version
                Foundation.exit(ExitStatus.ok)
            }
            if let clean = error as? ExitCode { Foundation.exit(clean.rawValue) }
            Terminal.error(message(for: error) + " (see '\(helpCommand()) --help')")
            Foundation.exit(ExitStatus.usage)
        }
    }

    /// The command the arguments name, e.g. `lanes schedules add`, for the hint after a usage error.
    static func helpCommand() -> String {
        var path = ["lanes"]
        var level: [ParsableCommand.Type] = configuration.subcommands
        for arg in CommandLine.arguments.dropFirst() {
            guard let next = level.first(where: { $0._commandName == arg }) else { break }
            path.append(arg)
            level = next.configuration.subcommands
        }
        return path.joined(separator: " ")
    }
}

