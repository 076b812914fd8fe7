import ArgumentParser
import LanesWorker

/// `lanes-worker`: runs tasks of the configured lanes. Flags override `LANES_*` variables.
@main
struct LanesWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lanes-worker",
        abstract: "Claims and runs Lanes tasks; SIGTERM or SIGINT drains it gracefully.")

    @Option(help: "Valkey URL (LANES_VALKEY_URL).") var valkeyURL: String?
    @Option(help: "The lanes file (LANES_CONFIG).") var config: String?
    @Option(help: "Key prefix (LANES_PREFIX).") var prefix: String?
    @Option(help: "Comma-separated lanes to serve; default all (LANES_WORKER_LANES).") var lanes: String?
    @Option(help: "Worker id (LANES_WORKER_ID).") var workerID: String?
    @Option(help: "Lease of a running task in ms (LANES_LEASE_MS, 8000).") var leaseMs: Int?
    @Option(help: "Heartbeat interval in ms (LANES_HEARTBEAT_MS, 2000).") var heartbeatMs: Int?
    @Option(help: "Reconciler interval in ms (LANES_RECONCILE_MS, 2000).") var reconcileMs: Int?
    @Option(help: "Graceful shutdown period in seconds (LANES_GRACE_SECONDS, 25).") var graceSeconds: Int?
    @Option(help: "Log level (LANES_LOG_LEVEL, info).") var logLevel: String?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["LANES_VALKEY_URL"] = valkeyURL
        flags["LANES_CONFIG"] = config
        flags["LANES_PREFIX"] = prefix
        flags["LANES_WORKER_LANES"] = lanes
        flags["LANES_WORKER_ID"] = workerID
        flags["LANES_LEASE_MS"] = leaseMs.map(String.init)
        flags["LANES_HEARTBEAT_MS"] = heartbeatMs.map(String.init)
        flags["LANES_RECONCILE_MS"] = reconcileMs.map(String.init)
        flags["LANES_GRACE_SECONDS"] = graceSeconds.map(String.init)
        flags["LANES_LOG_LEVEL"] = logLevel
        await WorkerApp.run(overrides: flags)
    }
}
