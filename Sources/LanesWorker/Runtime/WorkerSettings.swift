import Foundation
import Logging

/// How a worker runs: which lanes, its id, and its intervals. From `LANES_*` variables; flags override.
public struct WorkerSettings: Sendable, Equatable {
    /// Lanes to serve; empty means every configured lane (`LANES_WORKER_LANES`).
    public var lanes: [String] = []
    /// The worker's name in the registry and on its tasks (`LANES_WORKER_ID`, default host-pid-random).
    public var workerID: String
    /// A running task's lease, renewed by each heartbeat (`LANES_LEASE_MS`, ms).
    public var leaseMs: Int64 = 8_000
    /// How often leases are renewed and cancellations learned (`LANES_HEARTBEAT_MS`, ms).
    public var heartbeatMs: Int = 2_000
    /// How often a reconciliation pass is tried (`LANES_RECONCILE_MS`, ms).
    public var reconcileMs: Int = 2_000
    /// The longest wait between two looks for due scheduled tasks (`LANES_PROMOTE_MS`, ms).
    public var promoteMs: Int = 250
    /// Graceful shutdown: how long running tasks may finish before they are requeued (`LANES_GRACE_SECONDS`).
    public var graceSeconds: Double = 25
    /// `exec`: time between SIGTERM and SIGKILL for a cancelled command (`LANES_KILL_GRACE_SECONDS`).
    public var killGraceSeconds: Double = 5
    /// Fallback timeout of a task when neither it, its operation nor its lane names one (s).
    public var defaultTimeoutSeconds = 300
    /// `LANES_LOG_LEVEL`: trace, debug, info, notice, warning, error or critical.
    public var logLevel: Logger.Level = .info
    /// Port of this process's Prometheus `/metrics` (`LANES_METRICS_PORT`); nil or 0: not served.
    public var metricsPort: Int?
    /// Address the `/metrics` listener binds (`LANES_METRICS_HOST`, default 127.0.0.1; 0.0.0.0 in a container).
    public var metricsHost = "127.0.0.1"

    /// Defaults, with a generated worker id unless one is given.
    public init(workerID: String? = nil) {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        self.workerID = workerID ?? "\(host)-\(getpid())-\(UUID().uuidString.prefix(4).lowercased())"
    }

    /// A problem in the settings, naming the variable.
    public struct Problem: Error, CustomStringConvertible, Sendable { public let description: String }

    /// How long a stopped handler gets to return before its outcome is recorded without it:
    /// the exec kill grace plus a margin.
    var stopGrace: Duration { .milliseconds(Int64(killGraceSeconds * 1000) + 5_000) }

    /// Reads `LANES_WORKER_LANES`, `LANES_WORKER_ID`, `LANES_LEASE_MS`, `LANES_HEARTBEAT_MS`,
    /// `LANES_RECONCILE_MS`, `LANES_PROMOTE_MS`, `LANES_GRACE_SECONDS`, `LANES_KILL_GRACE_SECONDS`, `LANES_LOG_LEVEL`,
    /// `LANES_METRICS_PORT`, `LANES_METRICS_HOST`.
    public init(environment env: [String: String]) throws(Problem) {
        self.init(workerID: env["LANES_WORKER_ID"].flatMap { $0.isEmpty ? nil : $0 })
        lanes = (env["LANES_WORKER_LANES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        func number(_ name: String, _ range: ClosedRange<Int>) throws(Problem) -> Int? {
            guard let text = env[name], !text.isEmpty else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw Problem(description: "\(name): expected a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return value
        }
        if let v = try number("LANES_LEASE_MS", 200...3_600_000) { leaseMs = Int64(v) }
        if let v = try number("LANES_HEARTBEAT_MS", 50...600_000) { heartbeatMs = v }
        if let v = try number("LANES_RECONCILE_MS", 50...3_600_000) { reconcileMs = v }
        if let v = try number("LANES_PROMOTE_MS", 10...60_000) { promoteMs = v }
        if let v = try number("LANES_GRACE_SECONDS", 0...86_400) { graceSeconds = Double(v) }
        if let v = try number("LANES_KILL_GRACE_SECONDS", 0...3_600) { killGraceSeconds = Double(v) }
        if let v = try number("LANES_METRICS_PORT", 0...65_535) { metricsPort = v == 0 ? nil : v }
        if let host = env["LANES_METRICS_HOST"], !host.isEmpty { metricsHost = host }
        if let text = env["LANES_LOG_LEVEL"], !text.isEmpty {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw Problem(description: "LANES_LOG_LEVEL: expected trace, debug, info, notice, warning, error or critical, got '\(text)'")
            }
            logLevel = level
        }
        try validate()
    }

    /// Checks that the heartbeat renews the lease in time.
    public func validate() throws(Problem) {
        guard Int64(heartbeatMs) * 2 <= leaseMs else {
            throw Problem(description: "LANES_HEARTBEAT_MS (\(heartbeatMs)) must be at most half of LANES_LEASE_MS (\(leaseMs))")
        }
    }
}
