import ArgumentParser
import Foundation
import LanesCore
import LanesStore
import ValkeyClient

/// Enqueue, claim and complete N no-op tasks with C concurrent clients; round trips per task.
struct StoreLifecycle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "The store's task lifecycle throughput.")

    @Option(help: "Valkey URL.") var url = "valkey://127.0.0.1:6379"
    @Option(help: "No-op tasks to run through the lifecycle.") var tasks = 20_000
    @Option(help: "Concurrent clients.") var concurrency = 32
    @Option(help: "Connections in the pool.") var poolSize = 4

    func run() async throws {
        var config = try ValkeyConfiguration(url: url)
        config.poolSize = poolSize
        let pool = ValkeyPool(configuration: config)
        let store = TaskStore(pool: pool, keys: Keys(prefix: "bench-\(UUID().uuidString.prefix(6))"),
                              lanes: [LaneConfig(name: "bench", concurrency: concurrency)])
        let perClient = tasks / concurrency
        let total = perClient * concurrency
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    for _ in 0..<perClient { _ = try await store.enqueue(NewTask(queue: "bench", operation: "noop")) }
                }
            }
            try await group.waitForAll()
        }
        let enqueued = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<concurrency {
                group.addTask {
                    while let task = try await store.claim(lane: "bench", worker: "bench-\(c)") {
                        try await store.complete(task, result: "null")
                    }
                }
            }
            try await group.waitForAll()
        }
        let finished = ContinuousClock.now
        let stats = try await store.stats(lanes: ["bench"])[0]
        print("tasks                 \(total) (completed \(stats.completed))")
        print("clients               \(concurrency)")
        print(String(format: "enqueue               %.0f tasks/s", Double(total) / (enqueued - start).seconds))
        print(String(format: "claim+complete        %.0f tasks/s", Double(total) / (finished - enqueued).seconds))
        print(String(format: "lifecycle             %.0f tasks/s", Double(total) / (finished - start).seconds))
        print(String(format: "round trips per task  %.2f", Double(pool.roundTrips) / Double(total)))
        _ = try await store.clearHistory(lane: "bench")
        await pool.shutdown()
    }
}
