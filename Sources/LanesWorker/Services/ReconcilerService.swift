import LanesStore
import ServiceLifecycle

/// At start-up and every reconcile interval, one reconciliation pass over every lane, unless another
/// worker holds the cluster-wide lock: orphans removed, tasks whose worker stopped heartbeating
/// requeued (one attempt spent) or failed, due scheduled tasks promoted.
struct ReconcilerService: Service {
    let runtime: WorkerRuntime

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pass()
                try? await Task.sleep(for: .milliseconds(runtime.settings.reconcileMs))
            }
        }
    }

    func pass() async {
        let store = runtime.store, owner = runtime.settings.workerID
        do {
            // A pass takes milliseconds; the lock outlives it only when its holder dies mid-pass (or
            // Valkey does), and then nobody reconciles until it expires: two intervals, shorter than
            // the lease at the defaults, so a dead holder's own tasks are not held up by it.
            guard try await store.tryLockReconcile(owner: owner, ttlMs: Int64(max(runtime.settings.reconcileMs, 1_000)) * 2) else { return }
            let outcome: Result<ReconcileReport, StoreError>
            do { outcome = .success(try await store.reconcile()) } catch { outcome = .failure(error) }
            try? await store.unlockReconcile(owner: owner)
            let report = try outcome.get()
            runtime.health.succeeded()
            if report != ReconcileReport() {
                runtime.logger.notice("reconciled: \(report.recoveredOrphans) orphan(s) removed, \(report.recoveredCrashed) task(s) of stopped workers requeued, \(report.failedUnrecoverable) failed")
            }
        } catch {
            runtime.health.failed(error, while: "reconciling")
        }
    }
}
