import LanesCore
import ValkeyClient

/// The outcome of an enqueue: a new task, or the existing one a unique or idempotency key points at.
public struct EnqueueResult: Sendable, Equatable {
    public let id: String
    /// False when the unique key or `Idempotency-Key` returned an existing task.
    public let created: Bool
    /// The status the new task starts in (nil for an existing one).
    public let status: TaskStatus?
}

extension TaskStore {
    /// Enqueues a task: queued, scheduled (run later) or waiting (on `dependsOn`).
    /// Parents must exist; a parent that already failed fails the task at once.
    public func enqueue(_ task: NewTask, id: String = TaskID.make(), now: Int64 = Clock.nowMs()) async throws(StoreError) -> EnqueueResult {
        let lane = try lane(task.queue)
        let parents = try await locateParents(task.dependsOn)
        let reply = try await run(Scripts.enqueue, keys: enqueueKeys(task, id: id), args: enqueueArgs(task, lane: lane, id: id, now: now))
            .checked("enqueue \(id)")
        guard let items = reply.array, items.count >= 2, let outcome = items[0].string, let taskID = items[1].string else {
            throw StoreError(.invalidState, "enqueue \(id): unexpected reply \(reply)")
        }
        if outcome == "existing" { return EnqueueResult(id: taskID, created: false, status: nil) }
        let status = items.count > 2 ? items[2].string.flatMap(TaskStatus.init(rawValue:)) : nil
        if !parents.isEmpty { try await registerDependencies(child: (task.queue, id), parents: parents, now: now) }
        return EnqueueResult(id: taskID, created: true, status: status)
    }

    func enqueueKeys(_ task: NewTask, id: String) -> [String] {
        let l = task.queue
        return [
            keys.task(l, id), keys.queued(l), keys.scheduled(l), keys.waiting(l), keys.stats(l), keys.marker(l),
            keys.events(l), keys.unique(l, task.uniqueKey ?? ""), keys.idempotency(l, task.idempotencyKey ?? ""),
            keys.group(l, task.group ?? ""),
        ]
    }

    func enqueueArgs(_ task: NewTask, lane: LaneConfig, id: String, now: Int64) -> [String] {
        var fields: [String] = [
            "task_id", id, "queue", task.queue, "operation", task.operation, "data", task.data,
            "metadata", task.metadata, "priority", String(task.priority),
            "max_retries", String(task.maxRetries ?? operations[task.operation]?.retry?.maxRetries ?? lane.retry.maxRetries),
            "retry_on_crash", task.retryOnCrash ? "1" : "0", "created_at", String(now),
        ]
        if let timeout = task.timeoutSeconds { fields += ["timeout_seconds", String(timeout)] }
        if let group = task.group { fields += ["group", group] }
        if !task.dependsOn.isEmpty { fields += ["depends_on", task.dependsOn.joined(separator: ",")] }
        if let unique = task.uniqueKey { fields += ["unique_key", unique] }
        if let runAt = task.runAt, runAt > now { fields += ["scheduled_for", String(runAt)] }
        if let callback = task.callbackURL { fields += ["callback_url", callback] }
        return [
            id, String(now), String(task.priority), String(task.runAt ?? 0),
            task.uniqueKey == nil ? "0" : "1", task.idempotencyKey == nil ? "0" : "1",
            String(settings.idempotencyTTLSeconds), String(Set(task.dependsOn).count), eventsCap,
            task.group == nil ? "0" : String(Int64(lane.resultRetentionSeconds) * 2000),
        ] + fields
    }
}
