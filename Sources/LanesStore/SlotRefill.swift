/// A worker that refills the slots its completions free: the store claims that many tasks in the
/// same round trip as the completions (as BullMQ's `moveToFinished` fetches the next job), so a
/// busy worker pays one round trip per task instead of two.
public protocol SlotRefill: AnyObject, Sendable {
    /// The worker id claims are made for.
    var workerID: String { get }
    /// How many tasks to claim for the slots these completing tasks of `lane` hold (0: none).
    func slotsToRefill(lane: String, completing: [ClaimedTask]) -> Int
    /// Tasks claimed for the completing tasks' slots (one task per slot, in order; maybe fewer
    /// than asked). `claimSentAt` is when the claim left, the start of their leases.
    func refill(lane: String, claimed: [ClaimedTask], replacing completing: [ClaimedTask], claimSentAt: ContinuousClock.Instant)
}
