import Foundation
import LanesCore
import LanesMetrics
import LanesStore
import Logging
import ServiceLifecycle

/// Builds and runs a worker process from the environment: what `lanes-worker` and a team's own
/// worker executable call. Register Swift handlers with `handlers`.
public enum WorkerApp {
    /// Reads `LANES_*` (with `overrides` from flags on top), runs until SIGTERM/SIGINT (exit 0 once
    /// drained), and exits with status 1 and one line on stderr when the configuration is wrong.
    public static func run(environment: [String: String] = ProcessInfo.processInfo.environment, overrides: [String: String] = [:],
                           handlers: [String: any TaskHandler] = [:]) async {
        let env = environment.merging(overrides) { _, flag in flag }
        let worker: Worker, store: TaskStore, logger: Logger
        let metrics = WorkerMetrics()
        do {
            let settings = try WorkerSettings(environment: env)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = settings.logLevel
                return handler
            }
            logger = Logger(label: "lanes.worker")
            metrics.bootstrapMetricsSystem()
            var shared = try StoreEnvironment(environment: env, extraHandlers: Set(handlers.keys))
            // One blocking connection per served lane waits on the lane's marker.
            shared.valkey.blockingThreads = max(shared.valkey.blockingThreads, shared.configuration.lanes.count + 1)
            var storeSettings = StoreSettings()
            storeSettings.leaseMs = settings.leaseMs
            var registry = HandlerRegistry(configuration: shared.configuration)
            registry.killGrace = .milliseconds(Int64(settings.killGraceSeconds * 1000))
            for (name, handler) in handlers { registry.register(name, handler) }
            store = shared.makeStore(settings: storeSettings)
            worker = try Worker(store: store, registry: registry, settings: settings, schedules: shared.configuration.schedules, logger: logger, metrics: metrics)
        } catch let problem as LanesConfiguration.Problem {
            fail(problem.description)
        } catch let problem as WorkerSettings.Problem {
            fail(problem.description)
        } catch {
            fail("\(error)")
        }
        let lanes = worker.runtime.lanes.map { "\($0.name):\($0.concurrency)" }.joined(separator: ",")
        logger.info("worker \(worker.runtime.settings.workerID) starting", metadata: ["lanes": "\(lanes)"])
        let group = ServiceGroup(configuration: .init(services: worker.services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("worker stopped on an error: \(error)")
            await store.pool.shutdown()
            exit(1)
        }
        await store.pool.shutdown()
    }

    private static func fail(_ line: String) -> Never {
        FileHandle.standardError.write(Data("lanes-worker: \(line)\n".utf8))
        exit(1)
    }
}
