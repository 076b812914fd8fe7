import Foundation
import LanesCore
import LanesStore
import ServiceLifecycle

/// Every heartbeat interval: extends the leases of the worker's running tasks (one round trip per
/// lane), stops those that were cancelled or are no longer held, refreshes the worker's registry
/// entry, and stops (writing nothing) tasks whose lease ran out while Valkey could not be reached.
/// It runs until every other service stopped, then removes the worker from the registry.
struct HeartbeatService: Service {
    let runtime: WorkerRuntime

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await beat()
                try? await Task.sleep(for: .milliseconds(runtime.settings.heartbeatMs))
            }
        }
        try? await runtime.store.unregisterWorker(id: runtime.settings.workerID)
        runtime.logger.info("worker \(runtime.settings.workerID) stopped")
    }

    func beat() async {
        let store = runtime.store, settings = runtime.settings
        let running = runtime.running
        do {
            for (lane, tasks) in Dictionary(grouping: running, by: \.claimed.lane) {
                let sentAt = ContinuousClock.now
                let report = try await store.extendLeases(lane: lane, tasks: tasks.map { ($0.claimed.id, $0.claimed.token) })
                let lost = Set(report.lost), cancelled = Set(report.cancelled)
                for task in tasks {
                    if lost.contains(task.claimed.id) {
                        task.stop(.lost)
                    } else {
                        task.leaseRenewed(sentAt: sentAt, leaseMs: settings.leaseMs)
                        if cancelled.contains(task.claimed.id) { task.stop(.cancelled) }
                    }
                }
            }
            let info = WorkerInfo(id: settings.workerID, host: ProcessInfo.processInfo.hostName, pid: Int(getpid()),
                                  slots: runtime.lanes.map { ($0.name, $0.concurrency) }, running: running.map(\.claimed.id).sorted(),
                                  startedAt: runtime.startedAt, lastHeartbeat: Clock.nowMs())
            try await store.registerWorker(info, ttlMs: Int64(settings.heartbeatMs) * 3 + 1_000)
            runtime.health.succeeded()
        } catch {
            runtime.health.failed(error, while: "heartbeat")
        }
        for task in running where task.stopReason == nil && task.leaseExpired() {
            runtime.logger.warning("lease ran out without a heartbeat; stopping the task and writing nothing (the reconciler owns it)",
                                   metadata: ["task_id": "\(task.claimed.id)", "lane": "\(task.claimed.lane)"])
            task.stop(.lost)
        }
    }
}
