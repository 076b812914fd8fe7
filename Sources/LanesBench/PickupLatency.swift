import ArgumentParser
import Foundation
import LanesCore
import LanesStore
import LanesWorker
import Logging
import Synchronization
import ValkeyClient

/// Idle pick-up latency: an idle worker (the worker runtime, in this process) and tasks enqueued
/// one at a time; the time from the enqueue call until the handler starts.
struct PickupLatency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pickup", abstract: "Enqueue-to-handler-start latency of an idle worker.")

    @Option(help: "Valkey URL.") var url = "valkey://127.0.0.1:6379"
    @Option(help: "Tasks, one at a time.") var samples = 1_000

    /// Records when each task's handler started.
    struct Probe: TaskHandler {
        let started: AsyncStream<(String, ContinuousClock.Instant)>.Continuation
        func handle(_ context: TaskContext) async throws -> String {
            started.yield((context.taskID, .now))
            return "null"
        }
    }

    func run() async throws {
        let prefix = "bench-\(UUID().uuidString.prefix(6).lowercased())"
        var config = try ValkeyConfiguration(url: url)
        config.poolSize = 4
        let store = TaskStore(pool: ValkeyPool(configuration: config), keys: Keys(prefix: prefix), lanes: [LaneConfig(name: "operations", concurrency: 8)])
        let (stream, continuation) = AsyncStream.makeStream(of: (String, ContinuousClock.Instant).self)
        var registry = HandlerRegistry(configuration: LanesConfiguration(lanes: store.lanes.values.map { $0 }))
        registry.register("probe", Probe(started: continuation))
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let worker = try Worker(store: store, registry: registry, settings: WorkerSettings(), logger: logger)
        let running = Task { try await worker.run() }
        try await Task.sleep(for: .milliseconds(500))
        var iterator = stream.makeAsyncIterator()
        var latencies: [Double] = []
        for _ in 0..<samples {
            let before = ContinuousClock.now
            let id = try await store.enqueue(NewTask(queue: "operations", operation: "probe")).id
            while let (started, at) = await iterator.next() {
                if started == id { latencies.append((at - before).seconds * 1000); break }
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        running.cancel()
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(format: "pickup samples=%d p50=%.3f ms p99=%.3f ms max=%.3f ms", latencies.count, percentile(0.5), percentile(0.99), latencies.last ?? 0))
        _ = try await store.clearHistory()
    }
}
