import Foundation

/// How a worker runs: which lanes, its id, and its intervals. From `LANES_*` variables; flags override.
public struct WorkerSettings: Sendable, Equatable {
    /// Lanes to serve; empty means every configured lane.
    public var lanes: [String] = []
    public var workerID: String
    /// A running task's lease, renewed by each heartbeat (ms).
    public var leaseMs: Int64 = 8_000
    public var heartbeatMs: Int = 2_000
    public var reconcileMs: Int = 2_000
    /// How often due scheduled tasks are promoted (ms).
    public var promoteMs: Int = 250
    /// Graceful shutdown: how long running tasks may finish before they are requeued (s).
    public var graceSeconds: Double = 25
    /// Fallback timeout of a task when neither it, its operation nor its lane names one (s).
    public var defaultTimeoutSeconds = 300

    public init(workerID: String? = nil) {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        self.workerID = workerID ?? "\(host)-\(getpid())-\(UUID().uuidString.prefix(4).lowercased())"
    }

    /// A problem in the settings, naming the variable.
    public struct Problem: Error, CustomStringConvertible, Sendable { public let description: String }

    /// Reads `LANES_WORKER_LANES`, `LANES_WORKER_ID`, `LANES_LEASE_MS`, `LANES_HEARTBEAT_MS`,
    /// `LANES_RECONCILE_MS`, `LANES_GRACE_SECONDS`.
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
        try validate()
    }

    /// Checks that the heartbeat renews the lease in time.
    public func validate() throws(Problem) {
        guard Int64(heartbeatMs) * 2 <= leaseMs else {
            throw Problem(description: "LANES_HEARTBEAT_MS (\(heartbeatMs)) must be at most half of LANES_LEASE_MS (\(leaseMs))")
        }
    }
}
