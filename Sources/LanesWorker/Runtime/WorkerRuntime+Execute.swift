import Foundation
import LanesCore
import LanesMetrics
import LanesStore
import Logging
import Synchronization

extension WorkerRuntime {
    /// Runs one attempt: the handler under its timeout, then records the outcome (fenced by the token).
    func execute(_ running: RunningTask) async {
        defer { release(running) }
        let task = running.claimed
        let log = logger.adding(["task_id": .string(task.id), "lane": .string(task.lane), "operation": .string(task.record.operation)])
        let (handler, operation): (any TaskHandler, OperationConfig?)
        switch registry.resolve(operation: task.record.operation, lane: task.lane) {
        case .handler(let h, let settings): (handler, operation) = (h, settings)
        case .missing(let message):
            log.warning("\(message); failing the task")
            let unwritten = await record(running, log) { try await self.store.fail(task, error: message, retryable: false) }
            metrics.finished(lane: task.lane, operation: task.record.operation, outcome: unwritten ?? .failed, ranSeconds: 0)
            return
        }
        let timeout = task.record.timeoutSeconds ?? operation?.timeoutSeconds ?? store.lanes[task.lane]?.defaultTimeoutSeconds ?? settings.defaultTimeoutSeconds
        let context = TaskContext(taskID: task.id, lane: task.lane, operation: task.record.operation, data: task.record.data,
                                  metadata: task.record.metadata, attempt: task.record.attempts, settings: operation,
                                  stopped: { running.stopReason != nil }) { fraction, message, lines in
            do throws(StoreError) {
                try await self.store.progress(task, fraction: fraction, message: message, logLines: lines)
            } catch {
                if error.code == .stale { running.stop(.lost) } else { log.debug("progress not recorded: \(error)") }
            }
        }
        log.debug("attempt \(task.record.attempts) started")
        running.startClock(seconds: timeout)
        let began = ContinuousClock.now
        running.run { try await handler.handle(context) }
        let outcome = await running.result
        let ran = ContinuousClock.now - began
        if case .failure(let error as HandlerIgnoredStop) = outcome {
            log.error("\(error); recording the outcome without it (it may still be running)")
        }

        let ended: WorkerMetrics.Outcome
        switch (outcome, running.stopReason) {
        case (_, .lost?):
            log.warning("the task is no longer this worker's (its lease ran out or it was taken back); writing nothing")
            ended = .lost
        case (.success(let result), _):
            ended = await record(running, log) { try await self.store.complete(task, result: Self.json(result), refill: self) } ?? .completed
            log.debug("completed")
            if task.record.callbackURL != nil { CallbackSender(store: store, logger: log).send(taskID: task.id) }
        case (.failure, .shutdown?):
            ended = await record(running, log) { try await self.store.requeue(task) } ?? .requeued
            log.info("requeued for shutdown, no attempt spent")
        case (.failure, .timeout(let seconds)?):
            ended = await fail(running, "timed out after \(seconds) s", retryable: true, operation: operation, log)
        case (.failure, .cancelled?):
            ended = await fail(running, "cancelled while running", retryable: false, operation: operation, log)
        case (.failure(let error), nil):
            let handlerError = error as? HandlerError
            ended = await fail(running, handlerError?.message ?? "\(error)", retryable: handlerError?.retryable ?? true, operation: operation, log)
        }
        let seconds = Double(ran.components.seconds) + Double(ran.components.attoseconds) / 1e18
        metrics.finished(lane: task.lane, operation: task.record.operation, outcome: ended, ranSeconds: seconds)
    }

    /// Fails the attempt; the retry waits for the back-off of the operation's policy, else the lane's.
    /// Returns what became of it.
    private func fail(_ running: RunningTask, _ message: String, retryable: Bool, operation: OperationConfig?, _ log: Logger) async -> WorkerMetrics.Outcome {
        let task = running.claimed
        let policy = operation?.retry ?? store.lanes[task.lane]?.retry ?? RetryPolicy()
        let retryAt = Clock.nowMs() + policy.backoffMs(afterAttempt: task.record.attempts, random: Double.random(in: 0..<1))
        let recorded = Mutex(WorkerMetrics.Outcome.unrecorded)
        let unwritten = await record(running, log) {
            let outcome = try await self.store.fail(task, error: message, retryable: retryable, retryAt: retryAt)
            recorded.withLock { $0 = WorkerMetrics.Outcome(rawValue: outcome.rawValue) ?? .failed }
            log.info("attempt \(task.record.attempts) failed: \(message) -> \(outcome.rawValue)")
            if outcome != .retrying, task.record.callbackURL != nil { CallbackSender(store: self.store, logger: log).send(taskID: task.id) }
        }
        return unwritten ?? recorded.withLock { $0 }
    }

    /// Writes an outcome, retrying with back-off while Valkey is unreachable and the lease may still
    /// hold; once it may have run out, or the token is stale, the task is no longer ours: nothing is written.
    /// Returns nil once written, else `lost` or `unrecorded`.
    @discardableResult
    func record(_ running: RunningTask, _ log: Logger, _ write: @Sendable () async throws -> Void) async -> WorkerMetrics.Outcome? {
        var backoff = Backoff(initialMs: 50, maxMs: 1_000)
        while true {
            do {
                try await write()
                health.succeeded()
                return nil
            } catch let error as StoreError where error.code == .stale {
                log.warning("outcome not recorded: the task was taken back (\(error.message))")
                return .lost
            } catch let error as StoreError where error.code == .unavailable {
                health.failed(error, while: "recording the outcome of task \(running.claimed.id)")
                if running.leaseExpired() {
                    log.warning("outcome not recorded: Valkey was unreachable until the lease ran out; the reconciler owns the task")
                    return .lost
                }
                try? await Task.sleep(for: backoff.next())
            } catch {
                log.error("outcome not recorded: \(error); the reconciler will recover the task")
                return .unrecorded
            }
        }
    }

    /// The handler's result as JSON text: valid JSON as is, anything else as a JSON string.
    static func json(_ text: String) -> String {
        if text == "null" || text == "{}" || text == "true" || text == "false" { return text }
        if (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil { return text }
        let encoded = try? JSONSerialization.data(withJSONObject: [text], options: [])
        return encoded.map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "null"
    }
}
