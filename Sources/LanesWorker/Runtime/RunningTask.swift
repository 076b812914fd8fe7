import LanesStore
import Synchronization

/// Why a running attempt is being stopped; the first reason given wins.
enum StopReason: Sendable, Equatable {
    /// A cancel request reached the worker: the task ends cancelled.
    case cancelled
    /// The task ran past its timeout: the attempt fails (and may be retried).
    case timeout(seconds: Int)
    /// The worker no longer holds the task (the reconciler took it back): write nothing.
    case lost
    /// Graceful shutdown ran out of time: requeue without spending an attempt.
    case shutdown
}

/// A task this worker runs: what it claimed, the Swift task running it, and why it was stopped.
final class RunningTask: Sendable {
    let claimed: ClaimedTask
    private let reason = Mutex<StopReason?>(nil)
    private let handle = Mutex<Task<Void, Never>?>(nil)

    init(claimed: ClaimedTask) {
        self.claimed = claimed
    }

    var stopReason: StopReason? { reason.withLock { $0 } }

    func attach(_ task: Task<Void, Never>) {
        handle.withLock { $0 = task }
    }

    /// Stops the attempt for `why` (ignored when a reason was already given).
    func stop(_ why: StopReason) {
        let first = reason.withLock { current -> Bool in
            guard current == nil else { return false }
            current = why
            return true
        }
        if first { handle.withLock { $0 }?.cancel() }
    }
}
