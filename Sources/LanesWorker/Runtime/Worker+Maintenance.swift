import Foundation
import LanesCore
import LanesStore

extension Worker {
    /// Extends the leases of running tasks (one call per lane), learns which were cancelled or
    /// lost, and refreshes the registry entry.
    func heartbeat() async {
        let running = active.withLock { Array($0.values) }
        var byLane: [String: [RunningTask]] = [:]
        for task in running { byLane[task.claimed.lane, default: []].append(task) }
        do {
            for (lane, tasks) in byLane {
                let report = try await store.extendLeases(lane: lane, tasks: tasks.map { ($0.claimed.id, $0.claimed.token) })
                for task in tasks {
                    if report.lost.contains(task.claimed.id) { task.stop(.lost) }
                    else if report.cancelled.contains(task.claimed.id) { task.stop(.cancelled) }
                }
            }
            let info = WorkerInfo(id: settings.workerID, host: ProcessInfo.processInfo.hostName, pid: Int(getpid()),
                                  slots: lanes.map { ($0.name, $0.concurrency) }, running: running.map(\.claimed.id).sorted(),
                                  startedAt: startedAt, lastHeartbeat: Clock.nowMs())
            try await store.registerWorker(info, ttlMs: Int64(settings.heartbeatMs) * 3 + 1_000)
        } catch {
            logger.warning("heartbeat failed: \(error)")
        }
    }

    /// One reconciliation pass, if no other worker is running one.
    func reconcilePass() async {
        do {
            guard try await store.tryLockReconcile(owner: settings.workerID, ttlMs: Int64(max(settings.reconcileMs, 1_000)) * 5) else { return }
            let report = try await store.reconcile()
            try await store.unlockReconcile(owner: settings.workerID)
            if report != ReconcileReport() {
                logger.info("reconciled: \(report.recoveredOrphans) orphan(s) removed, \(report.recoveredCrashed) crashed task(s) requeued, \(report.failedUnrecoverable) failed")
            }
        } catch {
            logger.warning("reconcile failed: \(error)")
        }
    }

    /// Moves due scheduled tasks (delays, retry back-offs) of every lane to their queues.
    func promote() async {
        for lane in store.laneNames { _ = try? await store.promote(lane: lane) }
    }
}
