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
        let placed = book.withLock { $0.refill(claimed.map(\.id), replacing: completing.map(\.id), lane: lane) }
        for (next, hasSlot) in zip(claimed, placed) {
            if hasSlot {
                launch(next, claimSentAt: claimSentAt)
            } else {
                Task { try? await store.requeue(next) }
            }
        }
    }
}
