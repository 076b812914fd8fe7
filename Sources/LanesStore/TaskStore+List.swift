import LanesCore
import ValkeyClient

/// Which tasks to list.
public struct TaskFilter: Sendable, Equatable {
    /// Lanes to look in; empty means all.
    public var lanes: [String] = []
    public var status: TaskStatus?
    public var operation: String?
    public var group: String?
    public var limit = 50
    public var offset = 0

    public init(lanes: [String] = [], status: TaskStatus? = nil, operation: String? = nil, group: String? = nil, limit: Int = 50, offset: Int = 0) {
        self.lanes = lanes
        self.status = status
        self.operation = operation
        self.group = group
        self.limit = limit
        self.offset = offset
    }
}

/// One page of tasks.
public struct TaskPage: Sendable, Equatable {
    public var tasks: [TaskRecord]
    /// Tasks matching the filter.
    public var total: Int
    /// All tasks in the selected lanes, whatever their status.
    public var totalInQueue: Int
    public var lanes: [String]
}

extension TaskStore {
    /// Most ids read from one status set when filtering by operation or group.
    static let listScanCap = 10_000

    /// Lists tasks: running first, then queued in claim order, scheduled by due time, waiting, then
    /// finished (newest first). Filters by lane and status page exactly; operation and group filters
    /// look at the newest 10,000 ids of each set.
    public func list(_ filter: TaskFilter) async throws(StoreError) -> TaskPage {
        let selected = filter.lanes.isEmpty ? laneNames : filter.lanes
        for l in selected { _ = try lane(l) }
        let statuses: [TaskStatus] = filter.status.map { [$0] } ?? [.running, .queued, .scheduled, .waiting, .completed]
        let sources = Set(statuses.map(source)).sorted { order($0) < order($1) }.flatMap { s in selected.map { ($0, s) } }
        let cap = String(Self.listScanCap - 1)
        let counts = try await pipeline(selected.flatMap { l in [
            ["ZCARD", keys.queued(l)], ["ZCARD", keys.scheduled(l)], ["SCARD", keys.waiting(l)], ["ZCARD", keys.running(l)], ["ZCARD", keys.done(l)],
        ] }).map { $0.int ?? 0 }
        let idLists = try await pipeline(sources.map { l, source in
            switch source {
            case "queued": return ["ZREVRANGE", keys.queued(l), "0", cap]
            case "scheduled": return ["ZRANGE", keys.scheduled(l), "0", cap]
            case "waiting": return ["SMEMBERS", keys.waiting(l)]
            case "running": return ["ZRANGE", keys.running(l), "0", cap]
            default: return ["ZREVRANGE", keys.done(l), "0", cap]
            }
        })
        var candidates: [(lane: String, id: String)] = []
        for ((l, _), reply) in zip(sources, idLists) {
            candidates += (reply.array ?? []).compactMap(\.string).map { (l, $0) }
        }
        let needsFields = filter.operation != nil || filter.group != nil || filter.status.map(\.isFinal) == true
            || filter.status == nil
        var matching = candidates
        if needsFields && !candidates.isEmpty {
            let fields = try await pipeline(candidates.map { ["HMGET", keys.task($0.lane, $0.id), "status", "operation", "group"] })
            matching = zip(candidates, fields).compactMap { candidate, reply in
                let values = (reply.array ?? []).map(\.string)
                guard values.count == 3, let status = values[0] else { return nil }
                if let wanted = filter.status, wanted.rawValue != status { return nil }
                if let operation = filter.operation, operation != values[1] { return nil }
                if let group = filter.group, group != values[2] { return nil }
                return candidate
            }
        }
        let window = matching.dropFirst(max(filter.offset, 0)).prefix(max(filter.limit, 0))
        let hashes = try await pipeline(window.map { ["HGETALL", keys.task($0.lane, $0.id)] })
        return TaskPage(tasks: zip(window, hashes).compactMap { TaskRecord(id: $0.id, queue: $0.lane, fields: $1.dictionary) }, total: matching.count,
                        totalInQueue: counts.reduce(0, +), lanes: selected)
    }

    private func source(_ status: TaskStatus) -> String {
        status.isFinal ? "done" : status.rawValue
    }

    private func order(_ source: String) -> Int {
        ["running", "queued", "scheduled", "waiting", "done"].firstIndex(of: source) ?? 9
    }
}
