import Foundation
import LanesCore
import LanesMetrics
import LanesStore
import Logging
import ServiceLifecycle

/// A worker process's runtime, as services: the processor (per-lane dispatchers claiming into free
/// slots), timeouts, heartbeat, reconciler, promoter and scheduler. Put `services` in a `ServiceGroup` with
/// the shutdown signals (as `WorkerApp` does), or run the worker itself as one service. On graceful
/// shutdown the processor stops first (drain, grace period, requeue), the heartbeat last
/// (it renews leases until then, and leaves the registry).
public final class Worker: Service, Sendable {
    let runtime: WorkerRuntime
    let schedules: [Schedule]

    /// A worker serving `settings.lanes` (all of the store's lanes when empty).
    /// `metrics` collects this process's own metrics (served on `settings.metricsPort`).
    public init(store: TaskStore, registry: HandlerRegistry, settings: WorkerSettings, schedules: [Schedule] = [], logger: Logger,
                metrics: WorkerMetrics = WorkerMetrics()) throws(WorkerSettings.Problem) {
        let served = settings.lanes.isEmpty ? store.laneNames : settings.lanes
        var lanes: [LaneConfig] = []
        for name in served where !lanes.contains(where: { $0.name == name }) {
            guard let lane = store.lanes[name] else {
                throw WorkerSettings.Problem(description: "LANES_WORKER_LANES: unknown lane '\(name)'; configured lanes: \(store.laneNames.joined(separator: ", "))")
            }
            lanes.append(lane)
        }
        // A command that exits without reading its stdin must not kill the worker with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        runtime = WorkerRuntime(store: store, registry: registry, settings: settings, lanes: lanes, logger: logger, metrics: metrics)
        self.schedules = schedules
    }

    /// The worker's services in start order; a `ServiceGroup` shuts them down in reverse.
    public var services: [any Service] {
        let metrics: [any Service] = runtime.settings.metricsPort.map { [MetricsServer.make(runtime: runtime, port: $0)] } ?? []
        return metrics + [
            HeartbeatService(runtime: runtime),
            ReconcilerService(runtime: runtime),
            PromoterService(runtime: runtime),
            scheduler,
            TimeoutService(runtime: runtime),
            ProcessorService(runtime: runtime),
        ]
    }

    private var scheduler: SchedulerService {
        var scheduler = SchedulerService(store: runtime.store, owner: runtime.settings.workerID, declared: schedules, logger: runtime.logger)
        scheduler.health = runtime.health
        return scheduler
    }

    /// Runs every service until graceful shutdown (or cancellation) and returns once they stopped.
    public func run() async throws {
        let lanes = runtime.lanes.map { "\($0.name):\($0.concurrency)" }.joined(separator: ",")
        runtime.logger.info("worker \(runtime.settings.workerID) starting", metadata: ["lanes": "\(lanes)"])
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services.map { .init(service: $0) }, logger: runtime.logger))
        try await withGracefulShutdownHandler {
            try await group.run()
        } onGracefulShutdown: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}
