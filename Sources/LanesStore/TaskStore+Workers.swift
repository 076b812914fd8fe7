import LanesCore
import ValkeyClient

/// A live worker as it last reported itself.
public struct WorkerInfo: Sendable, Equatable {
    public var id: String
    public var host: String
    public var pid: Int
    /// Lanes served and slots per lane, in order.
    public var slots: [(lane: String, slots: Int)]
    /// Ids of the tasks it runs.
    public var running: [String]
    /// Milliseconds since the epoch.
    public var startedAt: Int64
    public var lastHeartbeat: Int64

    public init(id: String, host: String, pid: Int, slots: [(lane: String, slots: Int)], running: [String], startedAt: Int64, lastHeartbeat: Int64) {
        self.id = id
        self.host = host
        self.pid = pid
        self.slots = slots
        self.running = running
        self.startedAt = startedAt
        self.lastHeartbeat = lastHeartbeat
    }

    public var lanes: [String] { slots.map(\.lane) }

    public static func == (a: WorkerInfo, b: WorkerInfo) -> Bool {
        a.id == b.id && a.host == b.host && a.pid == b.pid && a.lanes == b.lanes && a.slots.map(\.slots) == b.slots.map(\.slots)
            && a.running == b.running && a.startedAt == b.startedAt && a.lastHeartbeat == b.lastHeartbeat
    }
}

extension TaskStore {
    /// Writes a worker's registry entry (HASH with TTL) and its heartbeat score; one round trip.
    public func registerWorker(_ info: WorkerInfo, ttlMs: Int64) async throws(StoreError) {
        let slots = info.slots.map { "\($0.lane):\($0.slots)" }.joined(separator: ",")
        _ = try await pipeline([
            ["HSET", keys.worker(info.id), "id", info.id, "host", info.host, "pid", String(info.pid), "slots", slots,
             "running", info.running.joined(separator: ","), "started_at", String(info.startedAt), "last_heartbeat", String(info.lastHeartbeat)],
            ["PEXPIRE", keys.worker(info.id), String(ttlMs)],
            ["ZADD", keys.workers, String(info.lastHeartbeat), info.id],
        ])
    }

    /// Removes a worker's registry entry (clean shutdown).
    public func unregisterWorker(id: String) async throws(StoreError) {
        _ = try await pipeline([["DEL", keys.worker(id)], ["ZREM", keys.workers, id]])
    }

    /// Live workers (registry entries not expired), newest heartbeat first; prunes dead entries.
    public func workers() async throws(StoreError) -> [WorkerInfo] {
        let ids = (try await pipeline([["ZREVRANGE", keys.workers, "0", "999"]])[0].array ?? []).compactMap(\.string)
        guard !ids.isEmpty else { return [] }
        let hashes = try await pipeline(ids.map { ["HGETALL", keys.worker($0)] })
        var live: [WorkerInfo] = []
        var dead: [String] = []
        for (id, reply) in zip(ids, hashes) {
            let f = reply.dictionary
            guard !f.isEmpty else { dead.append(id); continue }
            let slots: [(lane: String, slots: Int)] = (f["slots"] ?? "").split(separator: ",").compactMap { part in
                let pieces = part.split(separator: ":")
                guard pieces.count == 2, let n = Int(pieces[1]) else { return nil }
                return (String(pieces[0]), n)
            }
            live.append(WorkerInfo(id: id, host: f["host"] ?? "", pid: Int(f["pid"] ?? "") ?? 0, slots: slots,
                                   running: (f["running"] ?? "").split(separator: ",").map(String.init),
                                   startedAt: Int64(f["started_at"] ?? "") ?? 0, lastHeartbeat: Int64(f["last_heartbeat"] ?? "") ?? 0))
        }
        if !dead.isEmpty { _ = try await pipeline([["ZREM", keys.workers] + dead]) }
        return live
    }
}
