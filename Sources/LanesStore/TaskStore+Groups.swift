import LanesCore
import ValkeyClient

/// A task group at a glance.
public struct GroupSummary: Sendable, Equatable {
    public var group: String
    public var total: Int
    /// Tasks in each status (every status present, zero when none).
    public var counts: [TaskStatus: Int]
    /// 0...1: finished tasks count 1, running ones their reported progress.
    public var progress: Double
    /// Milliseconds since the epoch.
    public var firstCreatedAt: Int64?
    public var lastFinishedAt: Int64?
    /// Ids by lane, for cancelling.
    public var members: [(lane: String, id: String, status: TaskStatus)]

    public static func == (a: GroupSummary, b: GroupSummary) -> Bool {
        a.group == b.group && a.total == b.total && a.counts == b.counts && a.progress == b.progress
            && a.firstCreatedAt == b.firstCreatedAt && a.lastFinishedAt == b.lastFinishedAt
    }
}

extension TaskStore {
    /// Counts, progress and times of a group across lanes; nil when it has no (unexpired) tasks.
    public func group(_ name: String) async throws(StoreError) -> GroupSummary? {
        let sets = try await pipeline(laneNames.map { ["SMEMBERS", keys.group($0, name)] })
        let members = zip(laneNames, sets).flatMap { l, reply in (reply.array ?? []).compactMap(\.string).map { (l, $0) } }
        guard !members.isEmpty else { return nil }
        let fields = try await pipeline(members.map { ["HMGET", keys.task($0.0, $0.1), "status", "progress", "created_at", "completed_at"] })
        var summary = GroupSummary(group: name, total: 0, counts: Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0, 0) }),
                                   progress: 0, firstCreatedAt: nil, lastFinishedAt: nil, members: [])
        var progressSum = 0.0
        for (member, reply) in zip(members, fields) {
            let values = (reply.array ?? []).map(\.string)
            guard values.count == 4, let status = values[0].flatMap(TaskStatus.init(rawValue:)) else { continue }
            summary.total += 1
            summary.counts[status, default: 0] += 1
            summary.members.append((member.0, member.1, status))
            progressSum += status.isFinal ? 1 : (status == .running ? values[1].flatMap(Double.init) ?? 0 : 0)
            if let created = values[2].flatMap({ Int64($0) }) { summary.firstCreatedAt = min(summary.firstCreatedAt ?? created, created) }
            if status.isFinal, let done = values[3].flatMap({ Int64($0) }) { summary.lastFinishedAt = max(summary.lastFinishedAt ?? done, done) }
        }
        guard summary.total > 0 else { return nil }
        summary.progress = progressSum / Double(summary.total)
        return summary
    }

    /// Cancels a group's active tasks; returns how many were cancelled or are being cancelled.
    public func cancelGroup(_ name: String, now: Int64 = Clock.nowMs()) async throws(StoreError) -> Int {
        guard let summary = try await group(name) else { return 0 }
        var count = 0
        for l in laneNames {
            let ids = summary.members.filter { $0.lane == l && !$0.status.isFinal }.map(\.id)
            count += try await cancel(lane: l, ids: ids, reason: "group \(name) cancelled", now: now)
                .filter { if case .success = $0 { return true } else { return false } }.count
        }
        return count
    }
}
