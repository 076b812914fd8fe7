import LanesCore
import ValkeyClient

extension TaskStore {
    /// Most tasks one batch may create.
    public static let maxBatch = 1000

    /// Creates many tasks with one round trip per lane, all or nothing: everything is checked first,
    /// then each lane's tasks go in one script call. Results are in the order of `tasks`.
    public func enqueueBatch(_ tasks: [NewTask], now: Int64 = Clock.nowMs()) async throws(StoreError) -> [EnqueueResult] {
        guard tasks.count <= Self.maxBatch else {
            throw StoreError(.invalidInput, "tasks: at most \(Self.maxBatch) tasks per batch, got \(tasks.count)")
        }
        for (index, task) in tasks.enumerated() {
            do { _ = try lane(task.queue) } catch { throw StoreError(.invalidInput, "tasks[\(index)].queue: \(error.message)") }
        }
        let parentIDs = Array(Set(tasks.flatMap(\.dependsOn))).sorted()
        let parentLanes = try await findLanes(of: parentIDs)
        if let missing = zip(parentIDs, parentLanes).first(where: { $0.1 == nil }) {
            throw StoreError(.invalidInput, "depends_on: unknown task id '\(missing.0)'")
        }
        let laneOf = Dictionary(uniqueKeysWithValues: zip(parentIDs, parentLanes.map { $0! }))
        let ids = TaskID.make(count: tasks.count)
        var results = [EnqueueResult?](repeating: nil, count: tasks.count)
        var createdByLane: [(lane: String, ids: [String])] = []
        for l in laneNames {
            let indices = tasks.indices.filter { tasks[$0].queue == l }
            guard !indices.isEmpty else { continue }
            let lane = try self.lane(l)
            let written: [EnqueueResult]
            do {
                written = try await write(indices.map { (tasks[$0], ids[$0]) }, lane: lane, now: now)
            } catch {
                await abandon(createdByLane, now: now)
                throw error
            }
            for (index, result) in zip(indices, written) { results[index] = result }
            createdByLane.append((l, indices.filter { results[$0]?.created == true }.map { ids[$0] }))
        }
        for (index, task) in tasks.enumerated() where !task.dependsOn.isEmpty && results[index]?.created == true {
            let parents = Set(task.dependsOn).sorted().map { (lane: laneOf[$0]!, id: $0) }
            try await registerDependencies(child: (task.queue, ids[index]), parents: parents, now: now)
        }
        return results.map { $0! }
    }

    /// Best effort after a failed batch: cancels what earlier lanes created, so the batch leaves
    /// no runnable task behind.
    private func abandon(_ created: [(lane: String, ids: [String])], now: Int64) async {
        for (l, ids) in created where !ids.isEmpty {
            _ = try? await cancel(lane: l, ids: ids, reason: "batch aborted: a later lane could not be written", now: now)
        }
    }
}
