import LanesCore
import ValkeyClient

extension TaskStore {
    /// Finds the lane of each parent id; `invalidInput` names the first unknown one.
    func locateParents(_ ids: [String]) async throws(StoreError) -> [(lane: String, id: String)] {
        var parents: [(lane: String, id: String)] = []
        for id in Set(ids).sorted() {
            guard TaskID.isValid(id), let lane = try await findLane(of: id) else {
                throw StoreError(.invalidInput, "depends_on: unknown task id '\(id)'")
            }
            parents.append((lane, id))
        }
        return parents
    }

    /// Registers a waiting child with each parent; a parent that already ended resolves it at once.
    func registerDependencies(child: (lane: String, id: String), parents: [(lane: String, id: String)], now: Int64) async throws(StoreError) {
        let calls = parents.map { parent in
            ScriptCall(Scripts.depend, keys: [keys.task(parent.lane, parent.id), keys.dependents(parent.lane, parent.id)],
                       args: ["\(child.lane)|\(child.id)"])
        }
        let replies = try await run(calls)
        for (parent, reply) in zip(parents, replies) {
            let outcome = try reply.checked("depend").string ?? "missing"
            if outcome != "pending" {
                try await resolveDependents(["\(child.lane)|\(child.id)"], parentID: parent.id, outcome: outcome, now: now)
            }
        }
    }

    /// Tells each dependent (`lane|id`) that its parent ended with `outcome`; a dependent that fails
    /// in turn passes its failure on to its own dependents.
    public func resolveDependents(_ refs: [String], parentID: String, outcome: String, now: Int64 = Clock.nowMs()) async throws(StoreError) {
        var pending: [(ref: String, parent: String, outcome: String)] = refs.map { ($0, parentID, outcome) }
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let calls: [ScriptCall] = batch.compactMap { item in
                let parts = item.ref.split(separator: "|", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return nil }
                let (l, id) = (parts[0], parts[1])
                return ScriptCall(Scripts.resolve, keys: [
                    keys.task(l, id), keys.waiting(l), keys.queued(l), keys.done(l), keys.stats(l), keys.events(l),
                    keys.marker(l), keys.dependents(l, id), keys.logs(l, id),
                ], args: [item.parent, item.outcome, String(now), retentionMs(l), eventsCap, id])
            }
            let replies = try await run(calls)
            for (item, reply) in zip(batch, replies) {
                guard let items = try reply.checked("resolve").array, let status = items.first?.string,
                    status == "failed" || status == "cancelled"
                else { continue }
                let childID = String(item.ref.split(separator: "|", maxSplits: 1).last ?? "")
                pending += items.dropFirst().compactMap(\.string).map { ($0, childID, status) }
            }
        }
    }
}
