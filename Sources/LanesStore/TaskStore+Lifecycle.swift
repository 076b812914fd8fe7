import LanesCore
import ValkeyClient

/// What happened to a failed attempt.
public enum FailOutcome: String, Sendable {
    /// Waits in `scheduled` for its back-off.
    case retrying
    /// Final: no attempts left, or not retryable.
    case failed
    /// Final: it was cancelled while it ran.
    case cancelled
}

/// The heartbeat's answer for one lane.
public struct LeaseReport: Sendable, Equatable {
    /// Tasks whose cancel flag is set: stop them.
    public var cancelled: [String]
    /// Tasks this worker no longer holds: stop them and write nothing.
    public var lost: [String]
}

extension TaskStore {
    /// Claims the next task of a lane (highest priority, oldest first), unless the lane is empty
    /// or already runs `global_limit` tasks cluster-wide.
    public func claim(lane: String, worker: String, now: Int64 = Clock.nowMs()) async throws(StoreError) -> ClaimedTask? {
        try await claim(lane: lane, worker: worker, max: 1, now: now).first
    }

    /// Claims up to `max` tasks (at most 1,000) of a lane in one round trip (a worker asks for its free slots).
    public func claim(lane: String, worker: String, max: Int, now: Int64 = Clock.nowMs()) async throws(StoreError) -> [ClaimedTask] {
        _ = try self.lane(lane)
        let call = claimCall(lane: lane, worker: worker, max: max, now: now)
        return try claimedTasks(try await run(call.script, keys: call.keys, args: call.args).checked("claim \(lane)"), lane: lane)
    }

    /// The claim script call for up to `max` tasks of a (configured) lane.
    func claimCall(lane: String, worker: String, max: Int, now: Int64) -> ScriptCall {
        ScriptCall(Scripts.claim, keys: [keys.queued(lane), keys.running(lane), keys.taskPrefix(lane), keys.events(lane)],
                   args: [String(now), String(now + settings.leaseMs), worker, String(lanes[lane]?.globalLimit ?? 0), eventsCap, String(Swift.max(max, 1))])
    }

    /// The tasks a claim script's reply holds.
    func claimedTasks(_ reply: ValkeyReply, lane: String) throws(StoreError) -> [ClaimedTask] {
        var claimed: [ClaimedTask] = []
        for entry in reply.array ?? [] {
            guard let items = entry.array, items.count == 4, let id = items[0].string, let token = items[1].int else { continue }
            // The hash as it was, then the claim's own changes over it, in one dictionary.
            var fields = [String: String](minimumCapacity: (items[2].array?.count ?? 0) / 2 + 8)
            items[2].addPairs(to: &fields)
            items[3].addPairs(to: &fields)
            guard let record = TaskRecord(id: id, queue: lane, fields: fields) else {
                throw StoreError(.invalidState, "claim \(lane): task \(id) has a damaged hash")
            }
            claimed.append(ClaimedTask(record: record, token: token))
        }
        return claimed
    }

    /// Pushes forward the leases of a worker's running tasks in one lane (one round trip) and
    /// reports which of them were cancelled or are no longer held.
    public func extendLeases(lane: String, tasks: [(id: String, token: Int)], now: Int64 = Clock.nowMs()) async throws(StoreError) -> LeaseReport {
        guard !tasks.isEmpty else { return LeaseReport(cancelled: [], lost: []) }
        var keyList = [keys.running(lane)]
        for task in tasks { keyList += [keys.task(lane, task.id), keys.cancel(lane, task.id)] }
        let reply = try await run(Scripts.extend, keys: keyList,
                                  args: [String(now + settings.leaseMs)] + tasks.map { "\($0.id):\($0.token)" })
            .checked("extend \(lane)")
        let parts = reply.array ?? []
        func ids(_ index: Int) -> [String] { index < parts.count ? (parts[index].array ?? []).compactMap(\.string) : [] }
        return LeaseReport(cancelled: ids(0), lost: ids(1))
    }

    /// Records progress (0...1 with a message) and appends log lines; rejected when the token is stale.
    public func progress(_ task: ClaimedTask, fraction: Double? = nil, message: String = "", logLines: [String] = []) async throws(StoreError) {
        let l = task.lane
        _ = try await run(Scripts.progress, keys: [keys.task(l, task.id), keys.logs(l, task.id), keys.events(l)],
                          args: [String(task.token), fraction.map { String(min(max($0, 0), 1)) } ?? "", message,
                                 String(settings.logLinesCap), eventsCap, task.id] + logLines)
            .checked("progress \(task.id)")
    }

    /// Completes a running task with its result (JSON); releases its dependents. Completions of a
    /// lane that meet while one is in flight share one script call; with `refill`, that call's round
    /// trip also claims tasks for the slots the completions free.
    public func complete(_ task: ClaimedTask, result: String, now: Int64 = Clock.nowMs(), refill: (any SlotRefill)? = nil) async throws(StoreError) {
        guard let coalescer = completions[task.lane] else { throw unknownLane(task.lane) }
        let dependents = try await coalescer.submit(Completion(task: task, result: result, now: now, refill: refill))
        if !dependents.isEmpty { try await resolveDependents(dependents, parentID: task.id, outcome: "completed", now: now) }
    }

    /// Fails an attempt: retried after `retryAt` when attempts are left and `retryable`, else final.
    @discardableResult
    public func fail(_ task: ClaimedTask, error: String, retryable: Bool = true, retryAt: Int64? = nil, now: Int64 = Clock.nowMs()) async throws(StoreError) -> FailOutcome {
        let l = task.lane
        let policy = lanes[l]?.retry ?? RetryPolicy()
        let due = retryAt ?? now + policy.backoffMs(afterAttempt: task.record.attempts, random: Double.random(in: 0..<1))
        let reply = try await run(Scripts.fail, keys: [
            keys.task(l, task.id), keys.running(l), keys.scheduled(l), keys.done(l), keys.stats(l), keys.events(l),
            keys.cancel(l, task.id), keys.dependents(l, task.id), keys.unique(l, task.record.uniqueKey ?? ""), keys.logs(l, task.id),
        ], args: [String(task.token), String(now), error, String(due), retentionMs(l), eventsCap, retryable ? "1" : "0", task.id])
            .checked("fail \(task.id)")
        let items = reply.array ?? []
        let outcome = items.first?.string.flatMap(FailOutcome.init(rawValue:)) ?? .failed
        let dependents = items.dropFirst().compactMap(\.string)
        if !dependents.isEmpty { try await resolveDependents(dependents, parentID: task.id, outcome: outcome.rawValue, now: now) }
        return outcome
    }

    /// Puts a running task back at its place in the queue without spending an attempt (graceful shutdown).
    public func requeue(_ task: ClaimedTask) async throws(StoreError) {
        let l = task.lane
        _ = try await run(Scripts.requeue, keys: [keys.task(l, task.id), keys.running(l), keys.queued(l), keys.marker(l), keys.events(l)],
                          args: [String(task.token), eventsCap, task.id])
            .checked("requeue \(task.id)")
    }
}
