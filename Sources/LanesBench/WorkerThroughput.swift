import ArgumentParser
import Foundation
import LanesCore
import LanesStore
import ValkeyClient

/// End-to-end no-op throughput with real `lanes-worker` processes: from the first enqueue
/// (batches of 1,000) until every task is completed.
struct WorkerThroughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workers", abstract: "End-to-end throughput with N worker processes.")

    @Option(help: "Valkey URL.") var url = "valkey://127.0.0.1:6379"
    @Option(help: "No-op tasks.") var tasks = 50_000
    @Option(help: "Worker processes.") var workers = 1
    @Option(help: "Slots of each worker in lane operations (the lane's default is 8).") var slots = 8
    @Option(help: "Directory of the lanes-worker binary.") var binDirectory: String

    func run() async throws {
        let prefix = "bench-\(UUID().uuidString.prefix(6).lowercased())"
        var config = try ValkeyConfiguration(url: url)
        config.poolSize = 4
        let lane = LaneConfig(name: "operations", concurrency: slots)
        let pool = ValkeyPool(configuration: config)
        let store = TaskStore(pool: pool, keys: Keys(prefix: prefix), lanes: [lane])
        let configFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix).yaml")
        try "lanes:\n  operations:\n    concurrency: \(slots)\n".write(to: configFile, atomically: true, encoding: .utf8)
        var processes: [Process] = []
        for _ in 0..<workers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binDirectory).appendingPathComponent("lanes-worker")
            process.environment = ProcessInfo.processInfo.environment.merging([
                "LANES_VALKEY_URL": url, "LANES_PREFIX": prefix, "LANES_CONFIG": configFile.path, "LANES_LOG_LEVEL": "warning",
            ]) { _, new in new }
            try process.run()
            processes.append(process)
        }
        defer { processes.forEach { kill($0.processIdentifier, SIGKILL) } }
        // Wait until every worker registered (idle and ready).
        while try await store.workers().count < workers { try await Task.sleep(for: .milliseconds(50)) }
        let cpuBefore = try await pool.serverCPUSeconds()
        let start = ContinuousClock.now
        var sent = 0
        while sent < tasks {
            let batch = Array(repeating: NewTask(queue: "operations", operation: "noop"), count: min(1000, tasks - sent))
            _ = try await store.enqueueBatch(batch)
            sent += batch.count
        }
        let enqueued = ContinuousClock.now
        while try await store.stats()[0].completed < tasks { try await Task.sleep(for: .milliseconds(5)) }
        let seconds = (ContinuousClock.now - start).seconds
        let valkeyCPU = try await pool.serverCPUSeconds() - cpuBefore
        print(String(format: "lanes workers=%d tasks=%d throughput=%.0f tasks/s (enqueue %.2f s, total %.2f s) valkey_cpu=%.1f us/task",
                     workers, tasks, Double(tasks) / seconds, (enqueued - start).seconds, seconds, valkeyCPU / Double(tasks) * 1e6))
        processes.forEach { $0.terminate() }
        processes.forEach { $0.waitUntilExit() }
        _ = try await store.clearHistory()
        try? FileManager.default.removeItem(at: configFile)
    }
}
