import LanesCore
import ValkeyClient

/// A running task's successful end, waiting to be written.
struct Completion: Sendable {
    let task: ClaimedTask
    let result: String
    let now: Int64
}

extension TaskStore {
    /// Most completions one `complete` script call writes.
    static let mostCompletionsPerCall = 64

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
        let reply: ValkeyReply
        do {
            reply = try await run(Scripts.complete, keys: keyList, args: args).checked("complete in \(l)")
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
