import Hummingbird
import LanesMetrics
import ServiceLifecycle

/// The worker's own Prometheus `/metrics` listener (`LANES_METRICS_PORT`): a tiny Hummingbird app
/// that sets the slot gauges and renders this process's registry at each scrape.
enum MetricsServer {
    /// The listener as a service; it starts first and stops last with the worker's other services.
    static func make(runtime: WorkerRuntime, port: Int) -> any Service {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            let busy = runtime.busySlots
            for lane in runtime.lanes { runtime.metrics.slots(lane: lane.name, total: lane.concurrency, busy: busy[lane.name] ?? 0) }
            return Response(status: .ok, headers: [.contentType: Exposition.contentType],
                            body: .init(byteBuffer: ByteBuffer(string: runtime.metrics.render())))
        }
        return Application(router: router, configuration: .init(address: .hostname(runtime.settings.metricsHost, port: port),
                                                                serverName: "lanes-worker"), logger: runtime.logger)
    }
}
