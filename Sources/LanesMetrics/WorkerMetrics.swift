import Metrics
import Prometheus
import Synchronization

/// One worker process's own metrics, served on its `/metrics` port: how long each attempt waited
/// in the queue and ran, what became of it, and its slots. Handlers may add their own through
/// swift-metrics once `metricsFactory` is bootstrapped (`WorkerApp` does so).
public final class WorkerMetrics: Sendable {
    /// The registry every metric of this process is kept in.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory over `registry`, for `MetricsSystem.bootstrap`.
    public var metricsFactory: PrometheusMetricsFactory { PrometheusMetricsFactory(registry: registry) }

    /// Bucket bounds (s) of the queue wait and run time histograms: 5 ms to 1 h.
    public static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]

    /// What became of an attempt, as the `outcome` label says it.
    public enum Outcome: String, Sendable, CaseIterable {
        case completed, failed, retrying, cancelled
        /// Put back without spending an attempt (graceful shutdown).
        case requeued
        /// No longer this worker's (lease ran out or taken back): nothing written.
        case lost
        /// The outcome could not be written (Valkey error); the reconciler recovers the task.
        case unrecorded
    }

    /// The metrics of one attempt's end, made once per label set: looking them up in the registry
    /// on every attempt cost more CPU than the rest of the bookkeeping.
    private struct Ended {
        let ran: ValueHistogram
        let attempts: Prometheus.Counter
    }

    private let waits = Mutex<[[String]: ValueHistogram]>([:])
    private let ends = Mutex<[[String]: Ended]>([:])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// An attempt started after waiting `seconds` since its task became ready.
    public func started(lane: String, operation: String, waitedSeconds seconds: Double) {
        Self.cached(waits, [lane, operation]) {
            registry.makeValueHistogram(
                name: "lanes_worker_queue_wait_seconds", labels: [("lane", lane), ("operation", operation)], buckets: Self.buckets,
                help: "Time from a task becoming ready (created or due) to an attempt starting on this worker")
        }.record(max(seconds, 0))
    }

    /// An attempt ended after running `seconds`.
    public func finished(lane: String, operation: String, outcome: Outcome, ranSeconds seconds: Double) {
        let ended = Self.cached(ends, [lane, operation, outcome.rawValue]) {
            let labels = [("lane", lane), ("operation", operation), ("outcome", outcome.rawValue)]
            return Ended(
                ran: registry.makeValueHistogram(name: "lanes_worker_run_seconds", labels: labels, buckets: Self.buckets,
                                                 help: "Time an attempt ran on this worker, by outcome"),
                attempts: registry.makeCounter(name: "lanes_worker_attempts_total", labels: labels,
                                               help: "Attempts this worker process ended, by outcome"))
        }
        ended.ran.record(max(seconds, 0))
        ended.attempts.increment()
    }

    /// The value kept under `key`, made on first use.
    private static func cached<Value: Sendable>(_ cache: borrowing Mutex<[[String]: Value]>, _ key: [String],
                                                make: () -> Value) -> Value {
        cache.withLock { cache in
            if let made = cache[key] { return made }
            let made = make()
            cache[key] = made
            return made
        }
    }

    /// This process's slots per lane and how many are busy, set just before rendering.
    public func slots(lane: String, total: Int, busy: Int) {
        registry.makeGauge(name: "lanes_worker_slots", labels: [("lane", lane)], help: "Slots this worker process has in the lane").set(Double(total))
        registry.makeGauge(name: "lanes_worker_slots_busy", labels: [("lane", lane)], help: "Slots of this worker process running a task now").set(Double(busy))
    }

    /// Makes swift-metrics (`Counter(label:)`, `Timer(label:)`...) record into this registry; once per process.
    public func bootstrapMetricsSystem() { MetricsSystem.bootstrap(metricsFactory) }

    /// Everything in the registry, as Prometheus text.
    public func render() -> String { registry.emitToString() }
}
