import LanesCore
import ValkeyClient

extension TaskStore {
    /// The lane holding task `id`, found with one pipeline over the configured lanes.
    public func findLane(of id: String) async throws(StoreError) -> String? {
        try await findLanes(of: [id])[0]
    }

    /// The lane of each id (nil when unknown), in one round trip.
    public func findLanes(of ids: [String]) async throws(StoreError) -> [String?] {
        let valid = ids.map(TaskID.isValid)
        let commands = ids.enumerated().flatMap { index, id in
            valid[index] ? laneNames.map { ["EXISTS", keys.task($0, id)] } : []
        }
        var replies = try await pipeline(commands)[...]
        return ids.indices.map { index in
            guard valid[index] else { return nil }
            let answers = replies.prefix(laneNames.count)
            replies = replies.dropFirst(laneNames.count)
            return zip(laneNames, answers).first { $0.1.int == 1 }?.0
        }
    }

    /// One task by id alone, in one round trip; nil when unknown (or expired).
    public func task(id: String) async throws(StoreError) -> TaskRecord? {
        guard TaskID.isValid(id) else { return nil }
        let replies = try await pipeline(laneNames.map { ["HGETALL", keys.task($0, id)] })
        return zip(laneNames, replies).lazy.compactMap { TaskRecord(id: id, queue: $0, fields: $1.dictionary) }.first
    }

    /// Several tasks of one lane in one round trip, in order; missing ones are skipped.
    public func tasks(lane l: String, ids: [String]) async throws(StoreError) -> [TaskRecord] {
        let replies = try await pipeline(ids.map { ["HGETALL", keys.task(l, $0)] })
        return zip(ids, replies).compactMap { TaskRecord(id: $0, queue: l, fields: $1.dictionary) }
    }

    /// The log lines a task's handler wrote (oldest first); nil when the task is unknown.
    public func logs(id: String) async throws(StoreError) -> [String]? {
        guard let lane = try await findLane(of: id) else { return nil }
        return (try await pipeline([["LRANGE", keys.logs(lane, id), "0", "-1"]])[0].array ?? []).compactMap(\.string)
    }

    /// The task a claim on `lane` would return now, or nil when the queue is empty.
    public func next(lane l: String) async throws(StoreError) -> TaskRecord? {
        _ = try lane(l)
        let top = try await pipeline([["ZREVRANGE", keys.queued(l), "0", "0"]])[0]
        guard let id = top.array?.first?.string else { return nil }
        return try await tasks(lane: l, ids: [id]).first
    }

    /// Moves a queued or scheduled task to the front of its lane; `invalidState` otherwise.
    public func runNow(id: String) async throws(StoreError) -> TaskRecord {
        guard let l = try await findLane(of: id) else { throw StoreError(.notFound, "task \(id) not found") }
        let reply = try await run(Scripts.execute, keys: [
            keys.task(l, id), keys.queued(l), keys.scheduled(l), keys.stats(l), keys.marker(l), keys.events(l),
        ], args: [eventsCap, id])
        if case .error(let message) = reply {
            let status = message.split(separator: " ").last.map(String.init) ?? "not ready"
            throw StoreError(.invalidState, "task \(id) is \(status); only queued or scheduled tasks can run now")
        }
        guard let record = try await task(id: id) else { throw StoreError(.notFound, "task \(id) not found") }
        return record
    }

    /// Re-enqueues a failed task as a new task with the same input; returns the new id.
    public func retry(id: String, now: Int64 = Clock.nowMs()) async throws(StoreError) -> String {
        guard let old = try await task(id: id) else { throw StoreError(.notFound, "task \(id) not found") }
        guard old.status == .failed else {
            throw StoreError(.invalidState, "task \(id) is \(old.status.rawValue); only failed tasks can be retried")
        }
        let again = NewTask(queue: old.queue, operation: old.operation, data: old.data, metadata: old.metadata,
                            priority: old.priority, maxRetries: old.maxRetries, retryOnCrash: old.retryOnCrash,
                            timeoutSeconds: old.timeoutSeconds, group: old.group, callbackURL: old.callbackURL)
        let result = try await enqueue(again, now: now)
        _ = try await pipeline([["HSET", keys.task(old.queue, result.id), "retry_of", id]])
        return result.id
    }
}
