import Foundation
import LanesCore
import LanesStore
import LanesTestSupport
import Testing

/// Real `lanes-api` and `lanes-worker` processes on the test Valkey, scraped over HTTP.
@Suite("Metrics of real processes")
struct MetricsProcessTests {
    static let config = """
        lanes:
          llm: {concurrency: 1, global_limit: 1}
          operations:
            concurrency: 8
            retry: {max_retries: 3, backoff_base_seconds: 0.1, backoff_factor: 2, jitter: 0}
        """

    @Test("after a known workload, the counters on /metrics equal the work done, and the text parses")
    func knownWorkload() async throws {
        let prefix = TestValkey.uniquePrefix("metrics")
        let configPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix).yaml").path
        try Self.config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let shared = ["LANES_VALKEY_URL": TestValkey.url, "LANES_PREFIX": prefix, "LANES_CONFIG": configPath, "LANES_LOG_LEVEL": "warning"]
        let store = try StoreEnvironment(environment: shared).makeStore()

        // The workload: 6 noop, 3 fail at once, 1 fail retried once, 2 scheduled and cancelled, 1 echo in llm.
        let n = 6, m = 3, k = 2
        for _ in 0..<n { _ = try await store.enqueue(NewTask(queue: "operations", operation: "noop")) }
        for _ in 0..<m { _ = try await store.enqueue(NewTask(queue: "operations", operation: "fail", maxRetries: 0)) }
        _ = try await store.enqueue(NewTask(queue: "operations", operation: "fail", maxRetries: 1))
        for _ in 0..<k {
            let id = try await store.enqueue(NewTask(queue: "operations", operation: "sleep", runAt: Clock.nowMs() + 3_600_000)).id
            #expect(try await store.cancel(id: id) == .cancelled)
        }
        _ = try await store.enqueue(NewTask(queue: "llm", operation: "echo", data: #"{"x":1}"#))

        let workerPort = try PrivateValkey.freePort()
        let worker = try LanesProcess("lanes-worker", environment: shared.merging(["LANES_HEARTBEAT_MS": "300"]) { _, new in new },
                                      arguments: ["--metrics-port", String(workerPort)])
        defer { worker.signal(SIGKILL) }
        let apiPort = try PrivateValkey.freePort()
        let api = try LanesProcess("lanes-api", environment: shared.merging([
            "LANES_API_KEYS": "scraper:read:metrics-secret-1", "LANES_HTTP_PORT": String(apiPort),
        ]) { _, new in new })
        defer { api.signal(SIGKILL) }

        let done = try await eventually(timeout: .seconds(30)) {
            let stats = try await store.stats()
            return stats.map(\.completed) == [1, n] && stats[1].failed == m + 1
        }
        #expect(done, "worker output: \(worker.output)")

        let apiURL = "http://127.0.0.1:\(apiPort)/metrics"
        #expect(await eventually { (try? HTTP.get(apiURL, bearer: "metrics-secret-1"))?.status == 200 }, "api output: \(api.output)")
        #expect(try HTTP.get(apiURL).status == 401, "the API's /metrics needs a read key by default")
        let cluster = try HTTP.get(apiURL, bearer: "metrics-secret-1")
        #expect(cluster.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        try Promtool.check(cluster.body)
        let c = try ParsedExposition(cluster.body)
        func ops(_ operation: String) -> [String: String] { ["lane": "operations", "operation": operation] }
        #expect(c.value("lanes_tasks_created_total", ops("noop")) == Double(n))
        #expect(c.value("lanes_tasks_created_total", ops("fail")) == Double(m + 1))
        #expect(c.value("lanes_tasks_created_total", ops("sleep")) == Double(k))
        #expect(c.value("lanes_tasks_created_total", ["lane": "llm", "operation": "echo"]) == 1)
        #expect(c.value("lanes_tasks_completed_total", ops("noop")) == Double(n))
        #expect(c.value("lanes_tasks_completed_total", ["lane": "llm", "operation": "echo"]) == 1)
        #expect(c.value("lanes_tasks_failed_total", ops("fail")) == Double(m + 1))
        #expect(c.value("lanes_tasks_retried_total", ops("fail")) == 1)
        #expect(c.value("lanes_tasks_cancelled_total", ops("sleep")) == Double(k))
        #expect(c.series("lanes_tasks_recovered_total").isEmpty)
        #expect(c.series("lanes_tasks_completed_total").count == 2 && c.series("lanes_tasks_failed_total").count == 1)
        for lane in ["llm", "operations"] {
            for status in ["queued", "scheduled", "waiting", "running"] {
                #expect(c.value("lanes_tasks", ["lane": lane, "status": status]) == 0, "\(lane) \(status)")
            }
            #expect(c.value("lanes_oldest_queued_age_seconds", ["lane": lane]) == 0)
        }
        #expect(c.value("lanes_workers_live") == 1)
        #expect(c.value("lanes_slots_live", ["lane": "operations"]) == 8 && c.value("lanes_slots_live", ["lane": "llm"]) == 1)

        let own = try HTTP.get("http://127.0.0.1:\(workerPort)/metrics")
        #expect(own.status == 200 && own.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        try Promtool.check(own.body)
        let w = try ParsedExposition(own.body)
        func attempt(_ operation: String, _ outcome: String, lane: String = "operations") -> [String: String] {
            ["lane": lane, "operation": operation, "outcome": outcome]
        }
        #expect(w.value("lanes_worker_attempts_total", attempt("noop", "completed")) == Double(n))
        #expect(w.value("lanes_worker_attempts_total", attempt("fail", "failed")) == Double(m + 1))
        #expect(w.value("lanes_worker_attempts_total", attempt("fail", "retrying")) == 1)
        #expect(w.value("lanes_worker_attempts_total", attempt("echo", "completed", lane: "llm")) == 1)
        #expect(w.series("lanes_worker_attempts_total").count == 4)
        #expect(w.value("lanes_worker_queue_wait_seconds_count", ops("noop")) == Double(n))
        #expect(w.value("lanes_worker_queue_wait_seconds_count", ops("fail")) == Double(m + 2))
        #expect(w.value("lanes_worker_run_seconds_count", attempt("noop", "completed")) == Double(n))
        #expect(w.value("lanes_worker_run_seconds_count", attempt("fail", "retrying")) == 1)
        #expect(w.series("lanes_worker_queue_wait_seconds_sum").allSatisfy { $0.value >= 0 && $0.value < 60 })
        #expect(w.value("lanes_worker_slots", ["lane": "operations"]) == 8 && w.value("lanes_worker_slots_busy", ["lane": "operations"]) == 0)
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0, "worker output: \(worker.output)")
    }

    @Test("with LANES_METRICS_PUBLIC=1 the API serves /metrics without a key; other routes still need one")
    func publicMetrics() async throws {
        let apiPort = try PrivateValkey.freePort()
        let api = try LanesProcess("lanes-api", environment: [
            "LANES_VALKEY_URL": TestValkey.url, "LANES_PREFIX": TestValkey.uniquePrefix("metrics"), "LANES_LOG_LEVEL": "warning",
            "LANES_API_KEYS": "scraper:read:metrics-secret-1", "LANES_HTTP_PORT": String(apiPort), "LANES_METRICS_PUBLIC": "1",
        ])
        defer { api.signal(SIGKILL) }
        let url = "http://127.0.0.1:\(apiPort)/metrics"
        #expect(await eventually { (try? HTTP.get(url))?.status == 200 }, "api output: \(api.output)")
        let parsed = try ParsedExposition(try HTTP.get(url).body)
        #expect(parsed.value("lanes_workers_live") == 0 && parsed.value("lanes_tasks", ["lane": "llm", "status": "queued"]) == 0)
        #expect(try HTTP.get("http://127.0.0.1:\(apiPort)/api/v1/queue/stats").status == 401)
    }
}
