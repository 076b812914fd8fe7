import LanesCore
import ValkeyClient

/// A running task's successful end, waiting to be written.
struct Completion: Sendable {
    let task: ClaimedTask
    let result: String
    let now: Int64
    /// The worker to claim the freed slot for, in the same round trip.
    let refill: (any SlotRefill)?
}

extension TaskStore {
    /// Most completions one `complete` script call writes.
    static let mostCompletionsPerCall = 64
    /// `complete` calls of a lane out at once: with two, Valkey writes one group of completions
    /// while the worker runs the tasks the other group's round trip claimed.
    static let completionCallsInFlight = 2

    /// Writes completions of one lane in one script call; per completion the dependents to release,
    /// or `stale` when its token no longer holds the task.
    func complete(_ items: [Completion], lane l: String) async -> [Result<[String], StoreError>] {
        var keyList = [keys.running(l), keys.done(l), keys.stats(l), keys.events(l), keys.queued(l), keys.marker(l)]
        var args = [retentionMs(l), eventsCap, lanes[l]?.globalLimit == nil ? "0" : "1"]
        for item in items {
            let id = item.task.id
            keyList += [keys.task(l, id), keys.cancel(l, id), keys.dependents(l, id), keys.unique(l, item.task.record.uniqueKey ?? ""), keys.logs(l, id)]
            args += [id, String(item.task.token), String(item.now), item.result]
        }
        var calls = [ScriptCall(Scripts.complete, keys: keyList, args: args)]
        // One worker's refill: its own completions in this batch are the slots it asks to refill.
        let refill = items.lazy.compactMap(\.refill).first
        let refilled = refill.map { worker in items.filter { $0.refill === worker }.map(\.task) } ?? []
        let wanted = refill?.slotsToRefill(lane: l, completing: refilled) ?? 0
        if wanted > 0, let refill { calls.append(claimCall(lane: l, worker: refill.workerID, max: wanted, now: items[0].now)) }
        let sentAt = ContinuousClock.now
        let reply: ValkeyReply
        do {
            let replies = try await run(calls)
            if let refill, calls.count > 1 {
                let claimed = (try? claimedTasks(replies[1].checked("claim \(l)"), lane: l)) ?? []
                refill.refill(lane: l, claimed: claimed, replacing: refilled, claimSentAt: sentAt)
            }
            reply = try replies[0].checked("complete in \(l)")
        } catch {
            return items.map { _ in .failure(error) }
        }
        let entries = reply.array ?? []
        return items.enumerated().map { index, item in
            let parts = index < entries.count ? entries[index].array ?? [] : []
            switch parts.first?.string {
            case "completed": return .success(parts.dropFirst().compactMap(\.string))
            case "stale": return .failure(StoreError(.stale, "complete \(item.task.id): \(parts.count > 1 ? parts[1].string ?? "" : "")"))
            default: return .failure(StoreError(.invalidState, "complete \(item.task.id): unexpected reply \(reply)"))
            }
        }
    }
}
