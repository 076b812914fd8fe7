import ArgumentParser
import Foundation
import LanesCore
import LanesStore
import ValkeyClient

/// Valkey's CPU per task for the three transitions (enqueue, claim, complete) at the largest
/// batches the store sends, and the throughput that cost allows on one core: an upper bound for
/// any number of workers on this server.
struct ValkeyFloor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "floor", abstract: "Valkey's CPU per task at the largest batches.")

    @Option(help: "Valkey URL.") var url = "valkey://127.0.0.1:6379"
    @Option(help: "No-op tasks.") var tasks = 50_000
    @Option(help: "Tasks per claim call (at most 1,000); enqueue batches hold 1,000.") var batch = 1_000

    func run() async throws {
        var config = try ValkeyConfiguration(url: url)
        config.poolSize = 4
        let pool = ValkeyPool(configuration: config)
        let lane = "operations"
        let store = TaskStore(pool: pool, keys: Keys(prefix: "floor-\(UUID().uuidString.prefix(6).lowercased())"),
                              lanes: [LaneConfig(name: lane, concurrency: batch)])
        let before = try await pool.serverCPUSeconds()
        let start = ContinuousClock.now
        var done = 0
        while done < tasks {
            let queued = min(1_000, tasks - done)
            _ = try await store.enqueueBatch(Array(repeating: NewTask(queue: lane, operation: "noop"), count: queued))
            while case let claimed = try await store.claim(lane: lane, worker: "floor", max: batch), !claimed.isEmpty {
                // Completions that meet share one script call (up to the store's most per call).
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in claimed { group.addTask { try await store.complete(task, result: "null") } }
                    try await group.waitForAll()
                }
                done += claimed.count
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        let cpu = try await pool.serverCPUSeconds() - before
        let perTask = cpu / Double(done) * 1e6
        print(String(format: "floor tasks=%d batch=%d valkey_cpu=%.2f s per_task=%.1f us bound=%.0f tasks/s (client run %.0f tasks/s)",
                     done, batch, cpu, perTask, 1e6 / perTask, Double(done) / seconds))
        _ = try await store.clearHistory()
        await pool.shutdown()
    }
}
