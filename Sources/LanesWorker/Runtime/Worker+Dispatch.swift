import LanesCore
import LanesStore
import ValkeyClient

extension Worker {
    /// Claims tasks of one lane into its free slots; when the lane is empty it blocks on the lane's
    /// marker (BLPOP, woken by every enqueue), when its slots are full it waits for one to free.
    func dispatch(_ lane: LaneConfig) async {
        let marker = ValkeyConnection(configuration: store.pool.configuration)
        var slotFreed = slotStreams[lane.name]!.makeAsyncIterator()
        var failures = 0
        while !isDraining && !Task.isCancelled {
            let free = book.withLock { $0.free(lane.name) }
            if free == 0 {
                _ = await slotFreed.next()
                continue
            }
            do {
                let claimed = try await store.claim(lane: lane.name, worker: settings.workerID, max: free)
                if !claimed.isEmpty {
                    if failures > 0 { logger.info("valkey reachable again; lane \(lane.name) resumes") }
                    failures = 0
                    claimed.forEach(start)
                    continue
                }
                failures = 0
                _ = try await store.pool.blocking(["BLPOP", store.keys.marker(lane.name), "1"], on: marker, waitMs: 1_000)
            } catch {
                failures += 1
                if failures == 1 { logger.error("lane \(lane.name): \(error); retrying with back-off") }
                try? await Task.sleep(for: .milliseconds(min(50 << min(failures, 7), 5_000)))
            }
        }
        marker.close()
    }

    /// Starts a claimed task in a slot.
    func start(_ claimed: ClaimedTask) {
        let running = RunningTask(claimed: claimed)
        let accepted = book.withLock { $0.started(claimed.id, lane: claimed.lane) }
        guard accepted else {
            Task { try? await store.requeue(claimed) }
            return
        }
        active.withLock { $0[claimed.id] = running }
        running.attach(Task { await self.execute(running) })
    }

    /// Frees the task's slot and wakes its lane's dispatcher.
    func release(_ running: RunningTask) {
        active.withLock { _ = $0.removeValue(forKey: running.claimed.id) }
        let canStop = book.withLock { $0.finished(running.claimed.id, lane: running.claimed.lane) }
        slotFreed[running.claimed.lane]?.yield()
        if canStop { markStopped() }
    }
}
