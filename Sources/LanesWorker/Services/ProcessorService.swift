import LanesCore
import LanesStore
import ServiceLifecycle
import ValkeyClient

/// Claims and runs tasks: one dispatcher per served lane claims into the lane's free slots. An idle
/// lane blocks on its marker list (BLPOP on a dedicated connection, woken by every enqueue, promote
/// and requeue; 1 s safety timeout), a full one waits for a slot to free. No polling sleeps. In a
/// busy lane most slots are refilled by the completions that free them (WorkerRuntime+Refill.swift).
/// Graceful shutdown: stop claiming, let running tasks finish within the grace period, then stop
/// the rest (requeued without spending an attempt) and return once nothing runs.
struct ProcessorService: Service {
    let runtime: WorkerRuntime

    func run() async {
        let grace = Duration.milliseconds(Int64(runtime.settings.graceSeconds * 1000))
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for lane in runtime.lanes { group.addTask { await dispatch(lane) } }
                }
                await runtime.stopped.value
            } onGracefulShutdown: {
                runtime.beginShutdown(grace: grace)
            }
        } onCancel: {
            runtime.beginShutdown(grace: .zero)
        }
    }

    /// Claims tasks of one lane while the worker claims.
    func dispatch(_ lane: LaneConfig) async {
        let store = runtime.store
        let marker = ValkeyConnection(configuration: store.pool.configuration)
        defer { marker.close() }
        var slotFreed = runtime.slotSignals(lane.name).makeAsyncIterator()
        var backoff = Backoff()
        while runtime.isClaiming && !Task.isCancelled {
            let free = runtime.free(lane.name)
            if free == 0 {
                _ = await slotFreed.next()
                continue
            }
            do {
                let sentAt = ContinuousClock.now
                let claimed = try await store.claim(lane: lane.name, worker: runtime.settings.workerID, max: free)
                runtime.health.succeeded()
                runtime.claimed(claimed.count, of: free, lane: lane.name)
                backoff.reset()
                if !claimed.isEmpty {
                    claimed.forEach { runtime.start($0, claimSentAt: sentAt) }
                    continue
                }
                _ = try await store.pool.blocking(["BLPOP", store.keys.marker(lane.name), "1"], on: marker, waitMs: 1_000)
            } catch {
                runtime.health.failed(error, while: "claiming in lane \(lane.name)")
                try? await Task.sleep(for: backoff.next())
            }
        }
    }
}
