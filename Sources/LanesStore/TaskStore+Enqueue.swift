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
        let result = try await write([(task, id)], lane: lane, now: now)[0]
        if result.created && !parents.isEmpty { try await registerDependencies(child: (task.queue, id), parents: parents, now: now) }
        return result
    }

    /// Writes tasks of one lane in one script call (all checked and written atomically); results in order.
    func write(_ items: [(task: NewTask, id: String)], lane: LaneConfig, now: Int64) async throws(StoreError) -> [EnqueueResult] {
        let l = lane.name
        var keyList = [keys.queued(l), keys.scheduled(l), keys.waiting(l), keys.stats(l), keys.marker(l), keys.events(l)]
        var args = [String(now), String(settings.idempotencyTTLSeconds), eventsCap, String(items.count)]
        keyList.reserveCapacity(keyList.count + 4 * items.count)
        args.reserveCapacity(args.count + 24 * items.count)
        // Placeholders for the keys a task does not use (built once, not per task).
        let (noUnique, noIdempotency, noGroup) = (keys.unique(l, ""), keys.idempotency(l, ""), keys.group(l, ""))
        for (task, id) in items {
            keyList += [keys.task(l, id), task.uniqueKey.map { keys.unique(l, $0) } ?? noUnique,
                        task.idempotencyKey.map { keys.idempotency(l, $0) } ?? noIdempotency, task.group.map { keys.group(l, $0) } ?? noGroup]
            let fields = hashFields(task, lane: lane, now: now)
            args += [
                id, String(task.priority), String(task.runAt ?? 0), task.uniqueKey == nil ? "0" : "1", task.idempotencyKey == nil ? "0" : "1",
                String(Set(task.dependsOn).count), task.group == nil ? "0" : String(Int64(lane.resultRetentionSeconds) * 2000),
                task.operation, String(fields.count),
            ]
            args += fields
        }
        let reply: ValkeyReply
        if items.count > 1 {
            // A batch loads the script in its own round trip's pipeline: one round trip, even after a SCRIPT FLUSH.
            reply = try await pipeline([["SCRIPT", "LOAD", Scripts.enqueue.source], Scripts.enqueue.evalsha(keys: keyList, args: args)])[1]
                .checked("enqueue in \(l)")
        } else {
            reply = try await run(Scripts.enqueue, keys: keyList, args: args).checked("enqueue in \(l)")
        }
        guard let entries = reply.array, entries.count == items.count else {
            throw StoreError(.invalidState, "enqueue in \(l): unexpected reply \(reply)")
        }
        var results: [EnqueueResult] = []
        results.reserveCapacity(items.count)
        for (item, entry) in zip(items, entries) {
            let parts = entry.array ?? []
            guard parts.count >= 2, let outcome = parts[0].string, let taskID = parts[1].string else {
                throw StoreError(.invalidState, "enqueue \(item.id): unexpected reply \(entry)")
            }
            switch outcome {
            case "created": results.append(EnqueueResult(id: taskID, created: true, status: parts.count > 2 ? parts[2].string.flatMap(TaskStatus.init(rawValue:)) : nil))
            case "existing": results.append(EnqueueResult(id: taskID, created: false, status: nil))
            default: throw StoreError(.invalidState, "enqueue \(item.id): a task with this id already exists")
            }
        }
        return results
    }

    /// The new task's hash fields. The id and lane are in its key, and defaults (priority 50, 3 retries,
    /// no metadata, retry on crash, zero counters) are left out: `TaskRecord` reads them back.
    func hashFields(_ task: NewTask, lane: LaneConfig, now: Int64) -> [String] {
        var fields: [String] = ["operation", task.operation, "data", task.data, "created_at", String(now)]
        if task.priority != TaskRecord.defaultPriority { fields += ["priority", String(task.priority)] }
        let maxRetries = task.maxRetries ?? operations[task.operation]?.retry?.maxRetries ?? lane.retry.maxRetries
        if maxRetries != TaskRecord.defaultMaxRetries { fields += ["max_retries", String(maxRetries)] }
        if task.metadata != "{}" { fields += ["metadata", task.metadata] }
        if !task.retryOnCrash { fields += ["retry_on_crash", "0"] }
        if let timeout = task.timeoutSeconds { fields += ["timeout_seconds", String(timeout)] }
        if let group = task.group { fields += ["group", group] }
        if !task.dependsOn.isEmpty { fields += ["depends_on", task.dependsOn.joined(separator: ",")] }
        if let unique = task.uniqueKey { fields += ["unique_key", unique] }
        if let runAt = task.runAt, runAt > now { fields += ["scheduled_for", String(runAt)] }
        if let callback = task.callbackURL { fields += ["callback_url", callback] }
        return fields
    }
}
