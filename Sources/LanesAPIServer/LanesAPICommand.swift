import ArgumentParser
import Foundation
import Hummingbird
import LanesAPI
import Logging

/// `lanes-api`: reads its configuration and runs the API. Flags override `LANES_*` variables; API keys
/// come only from `LANES_API_KEYS` (a flag would show the secrets in the process list).
@main
struct LanesAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lanes-api", abstract: "The Lanes REST API.")

    @Option(help: "Listen address (LANES_HTTP_HOST, 127.0.0.1).") var host: String?
    @Option(help: "Listen port (LANES_HTTP_PORT, 8080).") var port: Int?
    @Option(help: "Valkey URL (LANES_VALKEY_URL).") var valkeyURL: String?
    @Option(help: "The lanes file (LANES_CONFIG).") var config: String?
    @Option(help: "Key prefix (LANES_PREFIX).") var prefix: String?
    @Option(help: "Log level (LANES_LOG_LEVEL, info).") var logLevel: String?
    @Option(help: "Largest request body in bytes (LANES_MAX_BODY_BYTES, 1048576).") var maxBodyBytes: Int?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["LANES_HTTP_HOST"] = host
        flags["LANES_HTTP_PORT"] = port.map(String.init)
        flags["LANES_VALKEY_URL"] = valkeyURL
        flags["LANES_CONFIG"] = config
        flags["LANES_PREFIX"] = prefix
        flags["LANES_LOG_LEVEL"] = logLevel
        flags["LANES_MAX_BODY_BYTES"] = maxBodyBytes.map(String.init)
        let env = ProcessInfo.processInfo.environment.merging(flags) { _, flag in flag }
        guard let level = Logger.Level(rawValue: env["LANES_LOG_LEVEL"] ?? "info") else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("lanes-api: LANES_LOG_LEVEL: expected one of \(names), got '\(env["LANES_LOG_LEVEL"] ?? "")'\n".utf8))
            throw ExitCode(1)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let configuration: APIConfiguration
        do {
            configuration = try APIConfiguration(environment: env)
        } catch {
            FileHandle.standardError.write(Data("lanes-api: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        try await buildApplication(configuration).runService()
    }
}
