import LanesCore
import LanesStore
import ServiceLifecycle

/// Moves due scheduled tasks (delays and retry back-offs) of every lane to their queues: it sleeps
/// until the next one is due, and looks again at least every `promoteMs` for tasks scheduled since.
struct PromoterService: Service {
    let runtime: WorkerRuntime

    func run() async {
        await cancelWhenGracefulShutdown {
            var backoff = Backoff()
            while !Task.isCancelled {
                let wait: Duration
                do {
                    wait = try await promoteDue()
                    runtime.health.succeeded()
                    backoff.reset()
                } catch {
                    runtime.health.failed(error, while: "promoting scheduled tasks")
                    wait = backoff.next()
                }
                try? await Task.sleep(for: wait)
            }
        }
    }

    /// Promotes what is due; returns how long to sleep before the next look.
    func promoteDue() async throws(StoreError) -> Duration {
        let store = runtime.store
        var waitMs = Int64(runtime.settings.promoteMs)
        for lane in store.laneNames {
            try await store.promote(lane: lane)
            if let due = try await store.nextDue(lane: lane) {
                waitMs = min(waitMs, max(due - Clock.nowMs(), 1))
            }
        }
        return .milliseconds(waitMs)
    }
}
