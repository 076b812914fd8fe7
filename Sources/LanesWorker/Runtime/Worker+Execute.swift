import Foundation
import LanesCore
import LanesStore
import Logging

extension Worker {
    /// Runs one attempt: the handler under its timeout, then records the outcome (fenced by the token).
    func execute(_ running: RunningTask) async {
        defer { release(running) }
        let task = running.claimed
        var log = logger
        log[metadataKey: "task_id"] = "\(task.id)"
        log[metadataKey: "lane"] = "\(task.lane)"
        log[metadataKey: "operation"] = "\(task.record.operation)"
        guard let (handler, operation) = registry.resolve(operation: task.record.operation, lane: task.lane) else {
            log.warning("no handler for this operation; failing the task")
            await record(running, log) {
                try await self.store.fail(task, error: "no handler for operation '\(task.record.operation)' in lane '\(task.lane)'", retryable: false)
            }
            return
        }
        let lane = store.lanes[task.lane]
        let timeout = task.record.timeoutSeconds ?? operation?.timeoutSeconds ?? lane?.defaultTimeoutSeconds ?? settings.defaultTimeoutSeconds
        let context = TaskContext(taskID: task.id, lane: task.lane, operation: task.record.operation, data: task.record.data,
                                  metadata: task.record.metadata, attempt: task.record.attempts, settings: operation) { fraction, message, lines in
            try? await self.store.progress(task, fraction: fraction, message: message, logLines: lines)
        }
        log.debug("started attempt \(task.record.attempts)")
        let work = Task { try await handler.handle(context) }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            running.stop(.timeout(seconds: timeout))
        }
        let outcome = await withTaskCancellationHandler { await work.result } onCancel: { work.cancel() }
        watchdog.cancel()

        switch (outcome, running.stopReason) {
        case (_, .lost?):
            log.warning("lease lost (the reconciler took the task back); writing nothing")
        case (.success(let result), _):
            await record(running, log) { try await self.store.complete(task, result: Self.json(result)) }
            log.debug("completed")
            if task.record.callbackURL != nil { CallbackSender(store: store, logger: log).send(taskID: task.id) }
        case (.failure, .shutdown?):
            await record(running, log) { try await self.store.requeue(task) }
            log.info("requeued for shutdown")
        case (.failure, .timeout(let seconds)?):
            await fail(running, "timed out after \(seconds) s", retryable: true, operation: operation, log)
        case (.failure, .cancelled?):
            await fail(running, "cancelled while running", retryable: false, operation: operation, log)
        case (.failure(let error), nil):
            let handlerError = error as? HandlerError
            await fail(running, handlerError?.message ?? "\(error)", retryable: handlerError?.retryable ?? true, operation: operation, log)
        }
    }

    private func fail(_ running: RunningTask, _ message: String, retryable: Bool, operation: OperationConfig?, _ log: Logger) async {
        let task = running.claimed
        let policy = operation?.retry ?? store.lanes[task.lane]?.retry ?? RetryPolicy()
        let retryAt = Clock.nowMs() + policy.backoffMs(afterAttempt: task.record.attempts, random: Double.random(in: 0..<1))
        await record(running, log) {
            let outcome = try await self.store.fail(task, error: message, retryable: retryable, retryAt: retryAt)
            log.info("attempt \(task.record.attempts) failed: \(message) -> \(outcome.rawValue)")
            if outcome != .retrying, task.record.callbackURL != nil { CallbackSender(store: self.store, logger: log).send(taskID: task.id) }
        }
    }

    /// Writes an outcome, retrying while Valkey is unreachable (up to about one lease); a stale
    /// token means the task is no longer ours, so nothing is written.
    func record(_ running: RunningTask, _ log: Logger, _ write: @Sendable () async throws -> Void) async {
        let deadline = ContinuousClock.now + .milliseconds(settings.leaseMs * 2)
        var delay = 50
        while true {
            do {
                try await write()
                return
            } catch let error as StoreError where error.code == .unavailable && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(delay))
                delay = min(delay * 2, 1_000)
            } catch let error as StoreError where error.code == .stale {
                log.warning("outcome not recorded: the task was taken back (\(error.message))")
                return
            } catch {
                log.error("outcome not recorded: \(error); the reconciler will recover the task")
                return
            }
        }
    }

    /// The handler's result as JSON text: valid JSON as is, anything else as a JSON string.
    static func json(_ text: String) -> String {
        if (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil { return text }
        let encoded = try? JSONSerialization.data(withJSONObject: [text], options: [])
        return encoded.map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "null"
    }
}
