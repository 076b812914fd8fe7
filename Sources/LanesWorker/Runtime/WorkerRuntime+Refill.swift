import LanesStore

/// Completions refill the slots they free: the store claims that many tasks in the completions'
/// round trip, and each claimed task takes over the slot of a finishing one.
extension WorkerRuntime: SlotRefill {
    var workerID: String { settings.workerID }

    func slotsToRefill(lane: String, completing: [ClaimedTask]) -> Int {
        book.withLock { $0.refillable(completing.map(\.id), lane: lane) }
    }

    func refill(lane: String, claimed: [ClaimedTask], replacing completing: [ClaimedTask], claimSentAt: ContinuousClock.Instant) {
        self.claimed(claimed.count, of: completing.count, lane: lane)
        for (index, next) in claimed.enumerated() {
            let finishing = index < completing.count ? completing[index].id : ""
            if book.withLock({ $0.handOver(finishing, to: next.id, lane: lane) }) {
                launch(next, claimSentAt: claimSentAt)
            } else {
                Task { try? await store.requeue(next) }
            }
        }
    }
}
