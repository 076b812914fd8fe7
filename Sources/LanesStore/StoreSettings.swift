/// Tunables of the store that are not per lane.
public struct StoreSettings: Sendable {
    /// How long a claim (or heartbeat) holds a task before the reconciler may take it back, in ms.
    public var leaseMs: Int64 = 8000
    /// Length cap of each lane's events stream (approximate, `MAXLEN ~`).
    public var eventsCap = 10_000
    /// Most log lines kept per task.
    public var logLinesCap = 1000
    /// How long an `Idempotency-Key` maps to its task, in seconds.
    public var idempotencyTTLSeconds = 24 * 3600
    /// How long a cancel flag on a running task lives, in ms (its worker clears it first).
    public var cancelFlagTTLMs: Int64 = 24 * 3600 * 1000

    public init() {}
}
