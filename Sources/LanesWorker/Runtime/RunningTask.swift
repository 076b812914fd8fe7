import LanesStore
import Synchronization

/// Why a running attempt is being stopped; the first reason given wins.
enum StopReason: Sendable, Equatable {
    /// A cancel request reached the worker: the task ends cancelled.
    case cancelled
    /// The task ran past its timeout: the attempt fails (and may be retried).
    case timeout(seconds: Int)
    /// The worker no longer holds the task (the reconciler took it back, or its lease ran out while
    /// Valkey was unreachable): write nothing.
    case lost
    /// Graceful shutdown ran out of time: requeue without spending an attempt.
    case shutdown
}

/// A handler that did not return within the stop grace after it was cancelled.
struct HandlerIgnoredStop: Error, CustomStringConvertible {
    let seconds: Int
    var description: String { "the handler did not stop within \(seconds) s of being cancelled" }
}

/// A task this worker runs: what it claimed, the handler's Swift task, why it was stopped, until
/// when its lease holds as far as this worker knows, and the attempt's outcome.
final class RunningTask: Sendable {
    let claimed: ClaimedTask
    /// How long a stopped handler gets to return before its outcome is recorded without it.
    let stopGrace: Duration
    private let state: Mutex<State>
    private let outcome = Promise<Result<String, any Error>>()

    private struct State {
        var reason: StopReason?
        var work: Task<String, any Error>?
        var leaseUntil: ContinuousClock.Instant
    }

    /// The attempt's timeout in seconds (0 until it starts) and when it runs out.
    private let timeout = Mutex<(seconds: Int, at: ContinuousClock.Instant)?>(nil)

    /// `leaseUntil`: the claim's send time plus the lease (the server's deadline is later, never earlier).
    init(claimed: ClaimedTask, leaseUntil: ContinuousClock.Instant, stopGrace: Duration) {
        self.claimed = claimed
        self.stopGrace = stopGrace
        state = Mutex(State(leaseUntil: leaseUntil))
    }

    /// Starts the attempt's clock: `TimeoutService` stops it after `seconds`.
    func startClock(seconds: Int, now: ContinuousClock.Instant = .now) {
        timeout.withLock { $0 = (seconds, now + .seconds(seconds)) }
    }

    /// Stops the attempt for a timeout if its time ran out; true when it did.
    @discardableResult
    func stopIfTimedOut(at now: ContinuousClock.Instant = .now) -> Bool {
        guard let (seconds, at) = timeout.withLock({ $0 }), now >= at else { return false }
        stop(.timeout(seconds: seconds))
        return true
    }

    var stopReason: StopReason? { state.withLock { $0.reason } }

    /// Runs the handler in a task of its own, cancelled at once if the attempt was stopped before.
    /// The task starts on the caller's thread and leaves it at its first suspension: a handler that
    /// returns without suspending (a no-op) costs no hop to another thread and back.
    func run(_ body: @escaping @Sendable () async throws -> String) {
        let work = Task.immediate { [outcome] in
            do {
                let value = try await body()
                outcome.fulfill(.success(value))
                return value
            } catch {
                outcome.fulfill(.failure(error))
                throw error
            }
        }
        let stopped = state.withLock { state in
            state.work = work
            return state.reason != nil
        }
        if stopped { work.cancel() }
    }

    /// Stops the attempt for `why` (ignored when a reason was already given): cancels the handler and,
    /// should it ignore that, delivers a failure after the stop grace so the slot is never held forever.
    func stop(_ why: StopReason) {
        let work = state.withLock { state -> Task<String, any Error>?? in
            guard state.reason == nil else { return nil }
            state.reason = why
            return .some(state.work)
        }
        guard let work else { return }
        work?.cancel()
        let grace = stopGrace
        Task { [outcome] in
            try? await Task.sleep(for: grace)
            outcome.fulfill(.failure(HandlerIgnoredStop(seconds: Int(grace.components.seconds))))
        }
    }

    /// The attempt's outcome: the handler's result, or `HandlerIgnoredStop`.
    var result: Result<String, any Error> {
        get async { await outcome.value }
    }

    /// A heartbeat sent at `sentAt` renewed the lease.
    func leaseRenewed(sentAt: ContinuousClock.Instant, leaseMs: Int64) {
        state.withLock { $0.leaseUntil = max($0.leaseUntil, sentAt + .milliseconds(leaseMs)) }
    }

    /// True when no heartbeat renewed the lease in time: another worker may run the task now.
    func leaseExpired(at now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { now >= $0.leaseUntil }
    }
}
