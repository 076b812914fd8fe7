import LanesCore
import ValkeyClient

/// The counts of one reconciliation pass.
public struct ReconcileReport: Sendable, Equatable, Codable {
    /// Running entries whose task hash was gone: removed.
    public var recoveredOrphans = 0
    /// Tasks whose worker stopped heartbeating: back in the queue (one attempt spent).
    public var recoveredCrashed = 0
    /// Tasks whose worker died and which may not run again: failed (or cancelled).
    public var failedUnrecoverable = 0

    public init(recoveredOrphans: Int = 0, recoveredCrashed: Int = 0, failedUnrecoverable: Int = 0) {
        self.recoveredOrphans = recoveredOrphans
        self.recoveredCrashed = recoveredCrashed
        self.failedUnrecoverable = failedUnrecoverable
    }

    static func + (a: ReconcileReport, b: ReconcileReport) -> ReconcileReport {
        ReconcileReport(recoveredOrphans: a.recoveredOrphans + b.recoveredOrphans,
                        recoveredCrashed: a.recoveredCrashed + b.recoveredCrashed,
                        failedUnrecoverable: a.failedUnrecoverable + b.failedUnrecoverable)
    }
}

extension TaskStore {
    /// Moves due scheduled tasks (delays and retry back-offs) of a lane to its queue; returns how many.
    @discardableResult
    public func promote(lane l: String, now: Int64 = Clock.nowMs()) async throws(StoreError) -> Int {
        let batch = 500
        var moved = 0
        while true {
            let reply = try await run(Scripts.promote, keys: [keys.scheduled(l), keys.queued(l), keys.taskPrefix(l), keys.marker(l), keys.events(l)],
                                      args: [String(now), String(batch), eventsCap]).checked("promote \(l)")
            let count = reply.int ?? 0
            moved += count
            if count < batch { return moved }
        }
    }

    /// When the next scheduled task of a lane is due (ms), or nil when none is scheduled.
    public func nextDue(lane l: String) async throws(StoreError) -> Int64? {
        let reply = try await pipeline([["ZRANGE", keys.scheduled(l), "0", "0", "WITHSCORES"]])[0]
        guard let items = reply.array, items.count == 2, let score = items[1].string.flatMap(Double.init) else { return nil }
        return Int64(score)
    }

    /// One reconciliation pass over one lane: orphans removed, expired leases requeued or failed.
    public func reconcile(lane l: String, now: Int64 = Clock.nowMs()) async throws(StoreError) -> ReconcileReport {
        let reply = try await run(Scripts.reconcile, keys: [
            keys.running(l), keys.queued(l), keys.done(l), keys.stats(l), keys.events(l), keys.marker(l),
            keys.taskPrefix(l), keys.cancelPrefix(l), keys.logsPrefix(l), keys.unique(l, ""),
        ], args: [String(now), "1000", retentionMs(l), eventsCap]).checked("reconcile \(l)")
        let items = reply.array ?? []
        guard items.count == 4 else { return ReconcileReport() }
        let finals = (items[3].array ?? []).compactMap(\.string)
        for final in finals {
            let parts = final.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let dependents = try await pipeline([["SMEMBERS", keys.dependents(l, parts[1])], ["DEL", keys.dependents(l, parts[1])]])[0]
            let refs = (dependents.array ?? []).compactMap(\.string)
            if !refs.isEmpty { try await resolveDependents(refs, parentID: parts[1], outcome: parts[0], now: now) }
        }
        return ReconcileReport(recoveredOrphans: items[0].int ?? 0, recoveredCrashed: items[1].int ?? 0, failedUnrecoverable: items[2].int ?? 0)
    }

    /// One pass over several lanes (all when nil), also promoting due scheduled tasks.
    public func reconcile(lanes selected: [String]? = nil, now: Int64 = Clock.nowMs()) async throws(StoreError) -> ReconcileReport {
        var total = ReconcileReport()
        for l in selected ?? laneNames {
            _ = try lane(l)
            total = total + (try await reconcile(lane: l, now: now))
            try await promote(lane: l, now: now)
        }
        return total
    }

    /// Takes the cluster-wide reconcile lock for `ttlMs`; false when another holder has it.
    public func tryLockReconcile(owner: String, ttlMs: Int64) async throws(StoreError) -> Bool {
        let reply = try await pipeline([["SET", keys.reconcileLock, owner, "NX", "PX", String(ttlMs)]])[0]
        return reply.string == "OK"
    }

    /// Releases the reconcile lock if `owner` still holds it.
    public func unlockReconcile(owner: String) async throws(StoreError) {
        _ = try await run(Scripts.unlock, keys: [keys.reconcileLock], args: [owner])
    }

    /// Deletes finished tasks older than `olderThanHours` (0 = all) from the given lanes; returns how many.
    public func clearHistory(lane: String? = nil, olderThanHours: Double = 0, now: Int64 = Clock.nowMs()) async throws(StoreError) -> Int {
        let cutoff = now - Int64(olderThanHours * 3_600_000)
        let batch = 1000
        var cleared = 0
        for l in lane.map({ [$0] }) ?? laneNames {
            _ = try self.lane(l)
            while true {
                let reply = try await run(Scripts.clear, keys: [keys.done(l), keys.taskPrefix(l), keys.logsPrefix(l)],
                                          args: [String(cutoff), String(batch)]).checked("clear \(l)")
                let count = reply.int ?? 0
                cleared += count
                if count < batch { break }
            }
        }
        return cleared
    }
}
