import Foundation
import LanesCore
import LanesMetrics
import LanesStore
import Logging
import Synchronization

/// The state a worker's services share: its slots and shutdown phase (a `SlotBook`), the tasks it
/// runs, and the view of Valkey's health. The services do the I/O; this only keeps the books.
final class WorkerRuntime: Sendable {
    let store: TaskStore
    let registry: HandlerRegistry
    let settings: WorkerSettings
    let lanes: [LaneConfig]
    let logger: Logger
    let health: ValkeyHealth
    /// This process's metrics (queue wait, run time, outcomes, slots), served on its `/metrics` port.
    let metrics: WorkerMetrics
    let startedAt = Clock.nowMs()
    let book: Mutex<SlotBook>
    private let active = Mutex<[String: RunningTask]>([:])
    private let slotFreed: [String: AsyncStream<Void>.Continuation]
    private let slotStreams: [String: AsyncStream<Void>]
    /// Fulfilled once shutdown was asked and no task runs any more.
    let stopped = Promise<Void>()

    init(store: TaskStore, registry: HandlerRegistry, settings: WorkerSettings, lanes: [LaneConfig], logger: Logger, metrics: WorkerMetrics = WorkerMetrics()) {
        self.metrics = metrics
        self.store = store
        self.registry = registry
        self.settings = settings
        self.lanes = lanes
        self.logger = logger
        health = ValkeyHealth(logger: logger)
        book = Mutex(SlotBook(capacity: Dictionary(lanes.map { ($0.name, $0.concurrency) }, uniquingKeysWith: { a, _ in a })))
        var continuations: [String: AsyncStream<Void>.Continuation] = [:]
        var streams: [String: AsyncStream<Void>] = [:]
        for lane in lanes {
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            continuations[lane.name] = continuation
            streams[lane.name] = stream
        }
        slotFreed = continuations
        slotStreams = streams
    }

    // MARK: slots

    /// True until shutdown was asked.
    var isClaiming: Bool { book.withLock { $0.phase == .running } }

    /// Free slots of a lane (0 once shutdown was asked).
    func free(_ lane: String) -> Int { book.withLock { $0.free(lane) } }

    /// Signals that wake the lane's dispatcher when one of its slots frees (or shutdown starts).
    func slotSignals(_ lane: String) -> AsyncStream<Void> { slotStreams[lane]! }

    /// The tasks running now.
    var running: [RunningTask] { active.withLock { Array($0.values) } }

    /// Starts a claimed task in a slot; hands it back to the queue when no slot is free (shutdown began).
    func start(_ claimed: ClaimedTask, claimSentAt: ContinuousClock.Instant) {
        guard book.withLock({ $0.started(claimed.id, lane: claimed.lane) }) else {
            Task { try? await store.requeue(claimed) }
            return
        }
        launch(claimed, claimSentAt: claimSentAt)
    }

    /// Records how a claim of the lane went (`got` tasks of `asked`), to know whether it ran dry.
    func claimed(_ got: Int, of asked: Int, lane: String) {
        book.withLock { $0.claimed(got, of: asked, lane: lane) }
    }

    /// Runs a task that holds a slot now. Its Swift task starts on the caller's thread (the claim's or
    /// the refilling completion's) and leaves it at its first suspension, instead of waking another
    /// thread to start it.
    func launch(_ claimed: ClaimedTask, claimSentAt: ContinuousClock.Instant) {
        let task = RunningTask(claimed: claimed, leaseUntil: claimSentAt + .milliseconds(settings.leaseMs), stopGrace: settings.stopGrace)
        let record = claimed.record
        let readyAt = max(record.createdAt, record.scheduledFor ?? 0)
        metrics.started(lane: claimed.lane, operation: record.operation, waitedSeconds: Double((record.startedAt ?? readyAt) - readyAt) / 1000)
        active.withLock { $0[claimed.id] = task }
        Task.immediate { await self.execute(task) }
    }

    /// Busy slots per served lane, for the metrics.
    var busySlots: [String: Int] {
        let lanes = active.withLock { $0.values.map(\.claimed.lane) }
        return Dictionary(lanes.map { ($0, 1) }, uniquingKeysWith: +)
    }

    /// Frees the task's slot (unless a task claimed with its completion took it over) and wakes
    /// its lane's dispatcher.
    func release(_ task: RunningTask) {
        let (id, lane) = (task.claimed.id, task.claimed.lane)
        active.withLock { _ = $0.removeValue(forKey: id) }
        let (freed, canStop) = book.withLock { ($0.holds(id, lane: lane), $0.finished(id, lane: lane)) }
        if freed { slotFreed[lane]?.yield() }
        if canStop { stopped.fulfill(()) }
    }

    // MARK: shutdown

    /// Stops claiming; after `grace`, stops what still runs (it is requeued without spending an
    /// attempt). `stopped` is fulfilled once nothing runs. Calling it again with a shorter grace
    /// (e.g. on cancellation) hurries it up.
    func beginShutdown(grace: Duration) {
        let (idle, first) = book.withLock { book -> (Bool, Bool) in
            let first = book.phase == .running
            return (book.drain(), first)
        }
        slotFreed.values.forEach { $0.yield() }
        if idle {
            stopped.fulfill(())
            return
        }
        if first {
            logger.info("shutting down: no new claims; \(running.count) running task(s) get \(grace) to finish")
        }
        Task {
            try? await Task.sleep(for: grace)
            let remaining = self.book.withLock { $0.stop() }
            let tasks = self.active.withLock { active in remaining.compactMap { active[$0] } }
            guard !tasks.isEmpty else { return }
            self.logger.info("grace period over: stopping \(tasks.count) task(s) to requeue them")
            tasks.forEach { $0.stop(.shutdown) }
        }
    }
}
