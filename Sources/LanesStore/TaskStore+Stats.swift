import LanesCore
import ValkeyClient

/// Counts of one lane: tasks in each active status now, and counters of finished ones since it began.
public struct LaneStats: Sendable, Equatable {
    public var lane: String
    public var queued = 0
    public var scheduled = 0
    public var waiting = 0
    public var running = 0
    /// Counters since the lane began (not reduced by clearing history).
    public var completed = 0
    public var failed = 0
    public var cancelled = 0
    public var retried = 0
    public var recovered = 0
    /// Finished tasks still kept (within retention).
    public var finishedKept = 0
}

extension TaskStore {
    /// Per-lane counts in one round trip .
    public func stats(lanes selected: [String]? = nil) async throws(StoreError) -> [LaneStats] {
        let names = selected ?? laneNames
        for l in names { _ = try lane(l) }
        let replies = try await pipeline(names.flatMap { l in [
            ["ZCARD", keys.queued(l)], ["ZCARD", keys.scheduled(l)], ["SCARD", keys.waiting(l)], ["ZCARD", keys.running(l)],
            ["HGETALL", keys.stats(l)], ["ZCARD", keys.done(l)],
        ] })
        var result: [LaneStats] = []
        for (index, l) in names.enumerated() {
            let r = Array(replies[(index * 6)..<(index * 6 + 6)])
            let counters = r[4].dictionary
            func counter(_ name: String) -> Int { counters[name].flatMap { Int($0) } ?? 0 }
            let stats = LaneStats(lane: l, queued: r[0].int ?? 0, scheduled: r[1].int ?? 0, waiting: r[2].int ?? 0,
                                  running: r[3].int ?? 0, completed: counter("completed"), failed: counter("failed"),
                                  cancelled: counter("cancelled"), retried: counter("retried"), recovered: counter("recovered"),
                                  finishedKept: r[5].int ?? 0)
            result.append(stats)
        }
        return result
    }
}
