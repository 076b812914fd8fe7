import LanesStore

/// Completions refill the slots they free: the store claims that many tasks in the completions'
/// round trip, and each claimed task takes over the slot of a finishing one.
extension WorkerRuntime: SlotRefill {
    var workerID: String { settings.workerID }

    func slotsToRefill(lane: String, completing: [ClaimedTask]) -> Int {
        book.withLock { $0.refillable(completing.map(\.id), lane: lane) }
    }

    func refill(lane: String, claimed: [ClaimedTask], replacing completing: [ClaimedTask], claimSentAt: ContinuousClock.Instant) {
        // Each claimed task takes the slot of a finishing task that still holds one (those are the
        // slots the claim asked for); one with no slot left to take is given back.
        var slots = book.withLock { book in completing.map(\.id).filter { book.holds($0, lane: lane) } }[...]
        self.claimed(claimed.count, of: slots.count, lane: lane)
        for next in claimed {
            if let finishing = slots.popFirst(), book.withLock({ $0.handOver(finishing, to: next.id, lane: lane) }) {
                launch(next, claimSentAt: claimSentAt)
            } else {
                Task { try? await store.requeue(next) }
            }
        }
    }
}
