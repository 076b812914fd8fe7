import Foundation
import LanesTestSupport

/// What one run of the `lanes` binary printed and how it exited.
struct CLIResult {
    let code: Int32
    let stdout: String
    let stderr: String

    /// stdout parsed as one JSON value.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }
    /// stdout parsed as a JSON object.
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// The lines of stdout.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// A real system for the command line: `lanes-api` (and optionally a `lanes-worker`) on the test Valkey under a fresh prefix.
final class CLIFixture: @unchecked Sendable {
    static let adminKey = "cli-admin-secret-1"
    static let writeKey = "cli-write-secret-1"
    static let readKey = "cli-read-secret-1"

    static let config = """
        lanes:
          llm:
            concurrency: 1
            global_limit: 1
            retry: {max_retries: 3, backoff_base_seconds: 0.1, backoff_factor: 2, jitter: 0}
          operations:
            concurrency: 8
            retry: {max_retries: 3, backoff_base_seconds: 0.1, backoff_factor: 2, jitter: 0}
        """

    let prefix = TestValkey.uniquePrefix("cli")
    let port: Int
    let configPath: String
    let api: LanesProcess
    private(set) var worker: LanesProcess?

    /// The API's base URL.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the API (on `valkeyURL`, the test Valkey by default) and, with `worker`, one worker; waits until the API answers.
    init(worker startWorker: Bool = true, valkeyURL: String = TestValkey.url) async throws {
        port = try PrivateValkey.freePort()
        configPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix).yaml").path
        try Self.config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let shared = ["LANES_VALKEY_URL": valkeyURL, "LANES_PREFIX": prefix, "LANES_CONFIG": configPath, "LANES_LOG_LEVEL": "warning"]
        api = try LanesProcess("lanes-api", environment: shared.merging([
            "LANES_API_KEYS": "ops:admin:\(Self.adminKey),app:write:\(Self.writeKey),dash:read:\(Self.readKey)",
            "LANES_HTTP_PORT": String(port),
        ]) { _, new in new })
        if startWorker {
            worker = try LanesProcess("lanes-worker", environment: shared.merging([
                "LANES_LEASE_MS": "1500", "LANES_HEARTBEAT_MS": "300", "LANES_RECONCILE_MS": "300", "LANES_GRACE_SECONDS": "1",
            ]) { _, new in new })
        }
        let health = URL(string: "\(url)/healthz")!
        guard await eventually(timeout: .seconds(30), { (try? Data(contentsOf: health)) != nil }) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "lanes-api did not start: \(api.output)"])
        }
    }

    /// Runs `lanes ARGS` against this API with the admin key (unless `environment` says otherwise).
    func lanes(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> CLIResult {
        try await CLIFixture.run(arguments, environment: ["LANES_URL": url, "LANES_API_KEY": Self.adminKey].merging(environment) { _, new in new },
                                 stdin: stdin, timeout: timeout)
    }

    /// Runs `lanes ARGS` and returns the task id it printed (for `enqueue`).
    func enqueue(_ arguments: [String]) async throws -> String {
        let result = try await lanes(["enqueue"] + arguments)
        guard result.code == 0, let id = result.lines.last else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "enqueue failed: \(result)"])
        }
        return id
    }

    /// Runs the built `lanes` binary with `environment` on top of this process's (LANES_URL and LANES_API_KEY cleared).
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> CLIResult {
        let process = Process()
        process.executableURL = LanesProcess.binDirectory.appendingPathComponent("lanes")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for name in ["LANES_URL", "LANES_API_KEY", "LANES_TIMEOUT"] { env[name] = nil }
        process.environment = env.merging(environment) { _, new in new }
        let dir = FileManager.default.temporaryDirectory
        let outFile = dir.appendingPathComponent("lanes-out-\(UUID().uuidString.prefix(8))")
        let errFile = dir.appendingPathComponent("lanes-err-\(UUID().uuidString.prefix(8))")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data((stdin ?? "").utf8))
        try input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return CLIResult(code: process.terminationStatus,
                         stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    deinit {
        worker?.signal(SIGTERM)
        api.signal(SIGTERM)
    }
}
