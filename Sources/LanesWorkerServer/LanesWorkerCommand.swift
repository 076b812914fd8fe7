import ArgumentParser
import LanesWorker

/// `lanes-worker`: runs tasks of the configured lanes. Flags override `LANES_*` variables.
@main
struct LanesWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lanes-worker",
        abstract: "Claims and runs Lanes tasks; SIGTERM or SIGINT drains it gracefully.",
        discussion: """
            Every flag overrides the LANES_* variable named in its help. Also read: LANES_VALKEY_POOL_SIZE \
            and LANES_VALKEY_TIMEOUT_MS (Valkey connections). A bad setting stops start-up with one line \
            on stderr and exit status 1.
            """)

    @Option(help: "Valkey URL (LANES_VALKEY_URL, valkey://127.0.0.1:6379).") var valkeyURL: String?
    @Option(help: "The lanes file (LANES_CONFIG; default: built-in lanes llm and operations).") var config: String?
    @Option(help: "Key prefix (LANES_PREFIX, lanes).") var prefix: String?
    @Option(help: "Comma-separated lanes to serve (LANES_WORKER_LANES; default all).") var lanes: String?
    @Option(help: "Worker id (LANES_WORKER_ID; default host-pid-random).") var workerID: String?
    @Option(help: "Lease of a running task in ms (LANES_LEASE_MS, 8000).") var leaseMs: Int?
    @Option(help: "Heartbeat interval in ms, at most half the lease (LANES_HEARTBEAT_MS, 2000).") var heartbeatMs: Int?
    @Option(help: "Reconciler interval in ms (LANES_RECONCILE_MS, 2000).") var reconcileMs: Int?
    @Option(help: "Longest wait between looks for due scheduled tasks in ms (LANES_PROMOTE_MS, 250).") var promoteMs: Int?
    @Option(help: "Graceful shutdown period in seconds (LANES_GRACE_SECONDS, 25).") var graceSeconds: Int?
    @Option(help: "exec: seconds between SIGTERM and SIGKILL of a stopped command (LANES_KILL_GRACE_SECONDS, 5).") var killGraceSeconds: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (LANES_LOG_LEVEL, info).") var logLevel: String?
    @Option(help: "Serve this worker's Prometheus /metrics on this port (LANES_METRICS_PORT; default off).") var metricsPort: Int?
    @Option(help: "Address of the /metrics listener (LANES_METRICS_HOST, 127.0.0.1).") var metricsHost: String?

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
        flags["LANES_PROMOTE_MS"] = promoteMs.map(String.init)
        flags["LANES_GRACE_SECONDS"] = graceSeconds.map(String.init)
        flags["LANES_KILL_GRACE_SECONDS"] = killGraceSeconds.map(String.init)
        flags["LANES_LOG_LEVEL"] = logLevel
        flags["LANES_METRICS_PORT"] = metricsPort.map(String.init)
        flags["LANES_METRICS_HOST"] = metricsHost
        await WorkerApp.run(overrides: flags)
    }
}
