import LanesCore

extension TaskStore {
    /// Enqueues like `enqueue`, except that an `Idempotency-Key` (or unique key) pointing at a task
    /// that no longer exists (its history was cleared, or its retention ran out) is released and
    /// the task is created afresh, so the API never answers with the id of a missing task.
    public func enqueueResolvingStaleKeys(_ task: NewTask, now: Int64 = Clock.nowMs()) async throws(StoreError) -> EnqueueResult {
        let first = try await enqueue(task, now: now)
        guard !first.created, try await self.task(id: first.id) == nil else { return first }
        var stale: [String] = []
        if let key = task.idempotencyKey { stale.append(keys.idempotency(task.queue, key)) }
        if let key = task.uniqueKey { stale.append(keys.unique(task.queue, key)) }
        // Compare-and-delete: a key that meanwhile points at a newer task stays.
        for key in stale { _ = try await run(Scripts.unlock, keys: [key], args: [first.id]) }
        return try await enqueue(task, now: now)
    }
}
