import ArgumentParser
import Foundation

/// The flags every command takes: where the API is, the key, and `--json` (`LANES_TIMEOUT` sets the request timeout, default 30 s).
struct APIOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Base URL of the Lanes API (default: $LANES_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("API key (default: $LANES_API_KEY).", valueName: "key"))
    var key: String?

    @Flag(help: "Print the API's JSON instead of a table, for scripts.")
    var json = false

    /// A client for the chosen server and key.
    func client() throws -> APIClient {
        let env = ProcessInfo.processInfo.environment
        let base = url ?? env["LANES_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
        let key = key ?? env["LANES_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let timeout = Format.parseDuration(env["LANES_TIMEOUT"] ?? "30"), timeout > 0 else {
            throw CLIError.usage("LANES_TIMEOUT: expected seconds like 30 or 1m, got '\(env["LANES_TIMEOUT"] ?? "")'")
        }
        return try APIClient(base: base, key: key, requestTimeout: timeout)
    }
}
