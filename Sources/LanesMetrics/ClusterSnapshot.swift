/// The cluster-wide state `lanes-api` reports on `/metrics`, read from Valkey at scrape time, so
/// every API process behind a load balancer answers the same.
public struct ClusterSnapshot: Sendable, Equatable {
    /// One lane's gauges and counters.
    public struct Lane: Sendable, Equatable {
        public var name: String
        public var queued = 0
        public var scheduled = 0
        public var waiting = 0
        public var running = 0
        /// Seconds the longest-waiting queued task has waited since it became ready (0 when none).
        public var oldestQueuedAgeSeconds = 0.0
        /// Slots of the live workers serving the lane.
        public var workerSlots = 0
        /// Counters since the lane began, by kind (`created`, `completed`, `failed`, `cancelled`,
        /// `retried`, `recovered`), then operation.
        public var counters: [String: [String: Int]] = [:]

        public init(name: String) { self.name = name }
    }

    public var lanes: [Lane]
    /// Workers whose registry entry has not expired.
    public var liveWorkers: Int

    public init(lanes: [Lane], liveWorkers: Int) {
        self.lanes = lanes
        self.liveWorkers = liveWorkers
    }
}
