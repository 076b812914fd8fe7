import Foundation
import LanesMetrics
import Testing

@Suite("Rendering metrics as Prometheus text")
struct RenderingTests {
    @Test("the cluster snapshot renders as valid exposition text with every counter, gauge and label")
    func cluster() throws {
        var llm = ClusterSnapshot.Lane(name: "llm")
        llm.queued = 4
        llm.running = 1
        llm.oldestQueuedAgeSeconds = 12.5
        llm.workerSlots = 2
        llm.counters = ["created": ["chat": 7], "completed": ["chat": 2], "failed": ["chat": 1]]
        var ops = ClusterSnapshot.Lane(name: "operations")
        ops.scheduled = 3
        ops.waiting = 2
        ops.counters = ["cancelled": ["import \"csv\"": 1], "retried": ["noop": 5], "recovered": ["noop": 1]]
        let parsed = try ParsedExposition(ClusterExposition.render(ClusterSnapshot(lanes: [llm, ops], liveWorkers: 2)))
        #expect(parsed.value("lanes_tasks_created_total", ["lane": "llm", "operation": "chat"]) == 7)
        #expect(parsed.value("lanes_tasks_completed_total", ["lane": "llm", "operation": "chat"]) == 2)
        #expect(parsed.value("lanes_tasks_failed_total", ["lane": "llm", "operation": "chat"]) == 1)
        #expect(parsed.value("lanes_tasks_cancelled_total", ["lane": "operations", "operation": "import \"csv\""]) == 1)
        #expect(parsed.value("lanes_tasks_retried_total", ["lane": "operations", "operation": "noop"]) == 5)
        #expect(parsed.value("lanes_tasks_recovered_total", ["lane": "operations", "operation": "noop"]) == 1)
        #expect(parsed.value("lanes_tasks", ["lane": "llm", "status": "queued"]) == 4)
        #expect(parsed.value("lanes_tasks", ["lane": "llm", "status": "running"]) == 1)
        #expect(parsed.value("lanes_tasks", ["lane": "operations", "status": "scheduled"]) == 3)
        #expect(parsed.value("lanes_tasks", ["lane": "operations", "status": "waiting"]) == 2)
        #expect(parsed.value("lanes_oldest_queued_age_seconds", ["lane": "llm"]) == 12.5)
        #expect(parsed.value("lanes_oldest_queued_age_seconds", ["lane": "operations"]) == 0)
        #expect(parsed.value("lanes_slots_live", ["lane": "llm"]) == 2)
        #expect(parsed.value("lanes_workers_live") == 2)
        #expect(parsed.types["lanes_tasks_created_total"] == "counter" && parsed.types["lanes_tasks"] == "gauge")
    }

    @Test("a worker's metrics count attempts by outcome and put wait and run times in histograms")
    func worker() throws {
        let metrics = WorkerMetrics()
        metrics.started(lane: "operations", operation: "noop", waitedSeconds: 0.003)
        metrics.started(lane: "operations", operation: "noop", waitedSeconds: 42)
        metrics.finished(lane: "operations", operation: "noop", outcome: .completed, ranSeconds: 0.002)
        metrics.finished(lane: "operations", operation: "noop", outcome: .retrying, ranSeconds: 7)
        metrics.slots(lane: "operations", total: 8, busy: 3)
        let parsed = try ParsedExposition(metrics.render())
        let noop = ["lane": "operations", "operation": "noop"]
        #expect(parsed.value("lanes_worker_queue_wait_seconds_count", noop) == 2)
        #expect(parsed.value("lanes_worker_queue_wait_seconds_sum", noop) == 42.003)
        #expect(parsed.value("lanes_worker_queue_wait_seconds_bucket", noop.merging(["le": "0.005"]) { a, _ in a }) == 1)
        #expect(parsed.value("lanes_worker_queue_wait_seconds_bucket", noop.merging(["le": "60.0"]) { a, _ in a }) == 2)
        #expect(parsed.value("lanes_worker_attempts_total", noop.merging(["outcome": "completed"]) { a, _ in a }) == 1)
        #expect(parsed.value("lanes_worker_attempts_total", noop.merging(["outcome": "retrying"]) { a, _ in a }) == 1)
        #expect(parsed.value("lanes_worker_run_seconds_count", noop.merging(["outcome": "retrying"]) { a, _ in a }) == 1)
        #expect(parsed.value("lanes_worker_slots", ["lane": "operations"]) == 8)
        #expect(parsed.value("lanes_worker_slots_busy", ["lane": "operations"]) == 3)
        #expect(parsed.types["lanes_worker_run_seconds"] == "histogram")
    }

    @Test("the reader refuses text that is not exposition format")
    func reader() {
        for bad in ["x 1", "x{a=\"1\" 1\n", "x 1\nx 1\n", "x{a=1} 1\n", "x one\n", "x 1\n# TYPE x counter\n"] {
            #expect(throws: ParsedExposition.Problem.self, "\(bad)") { try ParsedExposition(bad) }
        }
    }
}
