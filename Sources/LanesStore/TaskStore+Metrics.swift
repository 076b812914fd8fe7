import LanesCore
import ValkeyClient

/// What `/metrics` reports of one lane, read from Valkey at scrape time (cluster-wide).
public struct LaneMetrics: Sendable, Equatable {
    /// Counts now and counters since the lane began.
    public var stats: LaneStats
    /// Counters by kind, then operation, e.g. `["completed": ["noop": 3]]`; kinds are `created`,
    /// `completed`, `failed`, `cancelled`, `retried` and `recovered`.
    public var byOperation: [String: [String: Int]]
    /// When the longest-waiting queued task became ready (ms since the epoch); nil when none is queued.
    public var oldestReadyAt: Int64?
}

/// The counter kinds kept per operation in a lane's stats hash (`<kind>:<operation>` fields).
public let operationCounterKinds = ["created", "completed", "failed", "cancelled", "retried", "recovered"]

extension TaskStore {
    /// Every lane's counts, counters by operation and oldest queued task, in one round trip.
    public func laneMetrics() async throws(StoreError) -> [LaneMetrics] {
        let names = laneNames
        let calls = names.map { ScriptCall(Scripts.oldest, keys: [keys.queued($0), keys.taskPrefix($0)], args: []) }
        let counts = names.flatMap { l in [
            ["ZCARD", keys.queued(l)], ["ZCARD", keys.scheduled(l)], ["SCARD", keys.waiting(l)], ["ZCARD", keys.running(l)],
            ["HGETALL", keys.stats(l)], ["ZCARD", keys.done(l)],
        ] }
        let replies = try await run(calls, extra: counts)
        return names.enumerated().map { index, lane in
            let r = Array(replies[(names.count + index * 6)..<(names.count + index * 6 + 6)])
            let fields = r[4].dictionary
            func counter(_ name: String) -> Int { fields[name].flatMap { Int($0) } ?? 0 }
            let stats = LaneStats(lane: lane, queued: r[0].int ?? 0, scheduled: r[1].int ?? 0, waiting: r[2].int ?? 0,
                                  running: r[3].int ?? 0, completed: counter("completed"), failed: counter("failed"),
                                  cancelled: counter("cancelled"), retried: counter("retried"), recovered: counter("recovered"),
                                  finishedKept: r[5].int ?? 0)
            var byOperation: [String: [String: Int]] = [:]
            for (field, value) in fields {
                guard let colon = field.firstIndex(of: ":"), let n = Int(value) else { continue }
                let kind = String(field[..<colon])
                guard operationCounterKinds.contains(kind) else { continue }
                byOperation[kind, default: [:]][String(field[field.index(after: colon)...])] = n
            }
            let oldest = replies[index].int.flatMap { $0 > 0 ? Int64($0) : nil }
            return LaneMetrics(stats: stats, byOperation: byOperation, oldestReadyAt: oldest)
        }
    }
}
