import Foundation
import LanesCore
import LanesStore
import Logging
import ServiceLifecycle

/// Builds and runs a worker process from the environment: what `lanes-worker` and a team's own
/// worker executable call. Register Swift handlers with `handlers`.
public enum WorkerApp {
    /// Reads `LANES_*` (with `overrides` from flags on top), runs until SIGTERM/SIGINT, and exits
    /// with status 1 and one line on stderr when the configuration is wrong.
    public static func run(environment: [String: String] = ProcessInfo.processInfo.environment, overrides: [String: String] = [:],
                           handlers: [String: any TaskHandler] = [:]) async {
        let env = environment.merging(overrides) { _, flag in flag }
        let level = Logger.Level(rawValue: env["LANES_LOG_LEVEL"] ?? "info") ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lanes.worker")
        do {
            let shared = try StoreEnvironment(environment: env, extraHandlers: Set(handlers.keys))
            let settings = try WorkerSettings(environment: env)
            var storeSettings = StoreSettings()
            storeSettings.leaseMs = settings.leaseMs
            var registry = HandlerRegistry(configuration: shared.configuration)
            for (name, handler) in handlers { registry.register(name, handler) }
            let store = shared.makeStore(settings: storeSettings)
            let worker = try Worker(store: store, registry: registry, settings: settings, schedules: shared.configuration.schedules, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            await store.pool.shutdown()
        } catch let problem as LanesConfiguration.Problem {
            FileHandle.standardError.write(Data("lanes-worker: \(problem.description)\n".utf8))
            exit(1)
        } catch let problem as WorkerSettings.Problem {
            FileHandle.standardError.write(Data("lanes-worker: \(problem.description)\n".utf8))
            exit(1)
        } catch {
            FileHandle.standardError.write(Data("lanes-worker: \(error)\n".utf8))
            exit(1)
        }
    }
}
