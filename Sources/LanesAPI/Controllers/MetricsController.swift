import Hummingbird
import LanesCore
import LanesMetrics
import LanesStore

/// `GET /metrics`: cluster-wide Prometheus metrics read from Valkey at scrape time (counters by
/// lane and operation, tasks by status, oldest queued age, live workers), so any API process
/// answers the same. Role `read`, or open with `LANES_METRICS_PUBLIC=1`.
struct MetricsController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("metrics", use: metrics)
        return routes
    }

    @Sendable func metrics(_ request: Request, context: APIRequestContext) async throws -> Response {
        let lanes = try await store.laneMetrics()
        let workers = try await store.workers()
        let text = ClusterExposition.render(Self.snapshot(lanes: lanes, workers: workers, now: Clock.nowMs()))
        return Response(status: .ok, headers: [.contentType: Exposition.contentType, .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The store's view of the lanes and workers as the metrics' snapshot.
    static func snapshot(lanes: [LaneMetrics], workers: [WorkerInfo], now: Int64) -> ClusterSnapshot {
        ClusterSnapshot(lanes: lanes.map { lane in
            var out = ClusterSnapshot.Lane(name: lane.stats.lane)
            out.queued = lane.stats.queued
            out.scheduled = lane.stats.scheduled
            out.waiting = lane.stats.waiting
            out.running = lane.stats.running
            out.oldestQueuedAgeSeconds = lane.oldestReadyAt.map { Double(max(now - $0, 0)) / 1000 } ?? 0
            out.workerSlots = workers.reduce(0) { sum, worker in sum + worker.slots.filter { $0.lane == out.name }.reduce(0) { $0 + $1.slots } }
            out.counters = lane.byOperation
            return out
        }, liveWorkers: workers.count)
    }
}
