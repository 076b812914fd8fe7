import Prometheus

/// Renders a `ClusterSnapshot` as Prometheus text. Each scrape fills a fresh registry, so the
/// counters are exactly the values Valkey holds (they never reset when an API process restarts).
public enum ClusterExposition {
    /// The counter kinds and their help text; each is `lanes_tasks_<kind>_total{lane, operation}`.
    public static let counters: [(kind: String, help: String)] = [
        ("created", "Tasks created, by lane and operation (cluster-wide, since the lane began)"),
        ("completed", "Tasks completed, by lane and operation (cluster-wide)"),
        ("failed", "Tasks that ended failed (retries spent, not retryable, crashed, or a dependency failed)"),
        ("cancelled", "Tasks that ended cancelled (queued, scheduled, waiting or running ones)"),
        ("retried", "Failed attempts that were scheduled again after their back-off"),
        ("recovered", "Tasks of lost workers put back in the queue by the reconciler"),
    ]

    /// The snapshot in the Prometheus text exposition format.
    public static func render(_ snapshot: ClusterSnapshot) -> String {
        let registry = PrometheusCollectorRegistry()
        for (kind, help) in counters {
            for lane in snapshot.lanes {
                for (operation, value) in (lane.counters[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    registry.makeCounter(name: "lanes_tasks_\(kind)_total", labels: [("lane", lane.name), ("operation", operation)], help: help)
                        .increment(by: Int64(value))
                }
            }
        }
        for lane in snapshot.lanes {
            for (status, value) in [("queued", lane.queued), ("scheduled", lane.scheduled), ("waiting", lane.waiting), ("running", lane.running)] {
                registry.makeGauge(name: "lanes_tasks", labels: [("lane", lane.name), ("status", status)],
                                   help: "Tasks in each active status now, by lane").set(Double(value))
            }
            registry.makeGauge(name: "lanes_oldest_queued_age_seconds", labels: [("lane", lane.name)],
                               help: "How long the longest-waiting queued task has waited since it became ready (0 when none)")
                .set(lane.oldestQueuedAgeSeconds)
            registry.makeGauge(name: "lanes_slots_live", labels: [("lane", lane.name)],
                               help: "Slots of the live workers serving the lane").set(Double(lane.workerSlots))
        }
        registry.makeGauge(name: "lanes_workers_live", help: "Workers whose heartbeat is current").set(Double(snapshot.liveWorkers))
        return registry.emitToString()
    }
}
