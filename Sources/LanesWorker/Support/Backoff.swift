/// Capped exponential back-off with jitter for retrying Valkey calls, without I/O.
struct Backoff: Sendable, Equatable {
    let initialMs: Int
    let maxMs: Int
    private(set) var failures = 0

    /// At most a second by default: once Valkey is back (a restart, a failover), claiming and
    /// promoting resume within about a second instead of sleeping out a long back-off.
    init(initialMs: Int = 100, maxMs: Int = 1_000) {
        self.initialMs = initialMs
        self.maxMs = maxMs
    }

    /// The wait after one more failure: doubling from `initialMs`, at most `maxMs`, +/-20% at random
    /// (`random` in 0..<1, passed in so the result is testable).
    mutating func next(random: Double = Double.random(in: 0..<1)) -> Duration {
        failures += 1
        let base = min(Double(initialMs) * Double(1 << min(failures - 1, 20)), Double(maxMs))
        return .milliseconds(Int64(base * (0.8 + 0.4 * random)))
    }

    /// A call succeeded: the next failure waits `initialMs` again.
    mutating func reset() { failures = 0 }
}
