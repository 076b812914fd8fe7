import Foundation
import LanesCore
import LanesStore
import Logging
import ServiceLifecycle
import Synchronization
import ValkeyClient

/// A worker process's runtime: per-lane dispatchers that claim into free slots (woken by the lane's
/// marker, no polling), the task runner, heartbeats, the reconciler, the promoter and the scheduler.
/// Run it in a `ServiceGroup`; on SIGTERM/SIGINT it stops claiming, lets running tasks finish within
/// the grace period, requeues the rest without spending an attempt, and returns.
public final class Worker: Service, Sendable {
    let store: TaskStore
    let registry: HandlerRegistry
    let settings: WorkerSettings
    let lanes: [LaneConfig]
    let logger: Logger
    let schedules: [Schedule]
    let startedAt = Clock.nowMs()
    let book: Mutex<SlotBook>
    let active = Mutex<[String: RunningTask]>([:])
    let slotFreed: [String: AsyncStream<Void>.Continuation]
    let slotStreams: [String: AsyncStream<Void>]
    let stopped = Atomic<Bool>(false)
    let finished: AsyncStream<Void>.Continuation
    let finishedStream: AsyncStream<Void>

    /// A worker serving `settings.lanes` (all of the store's lanes when empty).
    public init(store: TaskStore, registry: HandlerRegistry, settings: WorkerSettings, schedules: [Schedule] = [], logger: Logger) throws(WorkerSettings.Problem) {
        let served = settings.lanes.isEmpty ? store.laneNames : settings.lanes
        var lanes: [LaneConfig] = []
        for name in served {
            guard let lane = store.lanes[name] else {
                throw WorkerSettings.Problem(description: "LANES_WORKER_LANES: unknown lane '\(name)'; configured lanes: \(store.laneNames.joined(separator: ", "))")
            }
            lanes.append(lane)
        }
        self.store = store
        self.registry = registry
        self.settings = settings
        self.lanes = lanes
        self.schedules = schedules
        self.logger = logger
        book = Mutex(SlotBook(capacity: Dictionary(uniqueKeysWithValues: lanes.map { ($0.name, $0.concurrency) })))
        var continuations: [String: AsyncStream<Void>.Continuation] = [:]
        var streams: [String: AsyncStream<Void>] = [:]
        for lane in lanes {
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            continuations[lane.name] = continuation
            streams[lane.name] = stream
        }
        slotFreed = continuations
        slotStreams = streams
        (finishedStream, finished) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func run() async throws {
        logger.info("worker \(settings.workerID) starting", metadata: ["lanes": "\(lanes.map { "\($0.name):\($0.concurrency)" }.joined(separator: ","))"])
        await heartbeat()
        await reconcilePass()
        let scheduler = SchedulerService(store: store, owner: settings.workerID, declared: schedules, logger: logger)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for lane in lanes { group.addTask { await self.dispatch(lane) } }
                group.addTask { await self.every(ms: self.settings.heartbeatMs, until: { self.stopped.load(ordering: .relaxed) }) { await self.heartbeat() } }
                group.addTask { await self.every(ms: self.settings.reconcileMs, until: { self.isDraining }) { await self.reconcilePass() } }
                group.addTask { await self.every(ms: self.settings.promoteMs, until: { self.isDraining }) { await self.promote() } }
                group.addTask { try? await scheduler.run() }
                for await _ in self.finishedStream { break }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        try? await store.unregisterWorker(id: settings.workerID)
        logger.info("worker \(settings.workerID) stopped")
    }

    var isDraining: Bool { book.withLock { $0.phase != .running } }

    // MARK: shutdown

    /// Stops claiming; after the grace period, requeues what still runs.
    func beginShutdown() {
        let idle = book.withLock { $0.drain() }
        logger.info("shutting down: no new claims; \(active.withLock { $0.count }) running task(s) get \(Int(settings.graceSeconds)) s to finish")
        slotFreed.values.forEach { $0.yield() }
        if idle { markStopped(); return }
        let grace = settings.graceSeconds
        Task {
            try? await Task.sleep(for: .milliseconds(Int64(grace * 1000)))
            let remaining = self.book.withLock { $0.stop() }
            if !remaining.isEmpty { self.logger.info("grace period over: requeueing \(remaining.count) task(s)") }
            let tasks = self.active.withLock { active in remaining.compactMap { active[$0] } }
            tasks.forEach { $0.stop(.shutdown) }
        }
    }

    func markStopped() {
        if !stopped.exchange(true, ordering: .relaxed) { finished.yield() }
    }

    /// Runs `body` every `ms` until `until()` is true.
    func every(ms: Int, until: @Sendable () -> Bool, _ body: @Sendable () async -> Void) async {
        while !until() && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(ms))
            if until() || Task.isCancelled { return }
            await body()
        }
    }
}
