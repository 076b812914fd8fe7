import LanesCore
import ValkeyClient

/// A lane's recent activity, for the dashboard's overview and `/stats`.
public struct LaneActivity: Sendable, Equatable {
    public var lane: String
    /// Tasks that finished (completed, failed or cancelled) in each of the last minutes, oldest
    /// minute first; counted from the kept history, so clearing history lowers it.
    public var finishedPerMinute: [Int]
    /// When the longest-waiting queued task became ready (ms since the epoch); nil when none is queued.
    public var oldestReadyAt: Int64?
}

extension TaskStore {
    /// Every selected lane's finished tasks per minute over the last `minutes` and its oldest queued
    /// task, in one round trip.
    public func activity(lanes selected: [String]? = nil, minutes: Int = 10, now: Int64 = Clock.nowMs()) async throws(StoreError) -> [LaneActivity] {
        let names = selected ?? laneNames
        for l in names { _ = try lane(l) }
        let minutes = max(1, min(minutes, 60))
        let calls = names.map { ScriptCall(Scripts.oldest, keys: [keys.queued($0), keys.taskPrefix($0)], args: []) }
        // Minute i (0 = oldest) covers (now - (minutes - i) * 60s, now - (minutes - i - 1) * 60s].
        let counts = names.flatMap { l in (0..<minutes).map { i in
            ["ZCOUNT", keys.done(l), "(\(now - Int64(minutes - i) * 60_000)", String(now - Int64(minutes - i - 1) * 60_000)]
        } }
        let replies = try await run(calls, extra: counts)
        return names.enumerated().map { index, lane in
            let start = names.count + index * minutes
            let perMinute = replies[start..<(start + minutes)].map { $0.int ?? 0 }
            let oldest = replies[index].int.flatMap { $0 > 0 ? Int64($0) : nil }
            return LaneActivity(lane: lane, finishedPerMinute: perMinute, oldestReadyAt: oldest)
        }
    }
}
