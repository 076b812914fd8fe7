import Foundation
import LanesCore
import ValkeyClient

/// What a cancel did.
public enum CancelOutcome: String, Sendable, Equatable {
    /// It was queued, scheduled or waiting and is now `cancelled`.
    case cancelled
    /// It is running: its flag is set and its worker stops it within one heartbeat.
    case cancelling
}

extension TaskStore {
    /// Cancels one task; `notFound` when unknown, `invalidState` when it already ended.
    @discardableResult
    public func cancel(id: String, reason: String = "cancelled by request", now: Int64 = Clock.nowMs()) async throws(StoreError) -> CancelOutcome {
        guard TaskID.isValid(id), let lane = try await findLane(of: id) else {
            throw StoreError(.notFound, "task \(id) not found")
        }
        return try await cancel(lane: lane, ids: [id], reason: reason, now: now)[0].get()
    }

    /// Cancels tasks of one lane in one round trip; one result per id.
    public func cancel(lane l: String, ids: [String], reason: String = "cancelled by request", now: Int64 = Clock.nowMs()) async throws(StoreError) -> [Result<CancelOutcome, StoreError>] {
        guard !ids.isEmpty else { return [] }
        let records = try await pipeline(ids.map { ["HGET", keys.task(l, $0), "unique_key"] })
        let calls = zip(ids, records).map { id, unique in
            ScriptCall(Scripts.cancel, keys: [
                keys.task(l, id), keys.queued(l), keys.scheduled(l), keys.waiting(l), keys.done(l), keys.stats(l),
                keys.events(l), keys.cancel(l, id), keys.dependents(l, id), keys.unique(l, unique.string ?? ""), keys.logs(l, id),
            ], args: [String(now), retentionMs(l), eventsCap, String(settings.cancelFlagTTLMs), reason, id])
        }
        let replies = try await run(calls)
        var results: [Result<CancelOutcome, StoreError>] = []
        for (id, reply) in zip(ids, replies) {
            let items = (try? reply.checked("cancel \(id)").array) ?? []
            switch items.first?.string {
            case "cancelled":
                let dependents = items.dropFirst().compactMap(\.string)
                if !dependents.isEmpty { try await resolveDependents(dependents, parentID: id, outcome: "cancelled", now: now) }
                results.append(.success(.cancelled))
            case "cancelling": results.append(.success(.cancelling))
            case "final":
                let status = items.count > 1 ? items[1].string ?? "final" : "final"
                results.append(.failure(StoreError(.invalidState, "task \(id) is already \(status)")))
            default: results.append(.failure(StoreError(.notFound, "task \(id) not found")))
            }
        }
        return results
    }

    /// Cancels each id wherever it lives; one result per id, in order.
    public func cancel(ids: [String], now: Int64 = Clock.nowMs()) async throws(StoreError) -> [Result<CancelOutcome, StoreError>] {
        let lanesOf = try await findLanes(of: ids)
        var results = [Result<CancelOutcome, StoreError>](repeating: .failure(StoreError(.notFound, "not found")), count: ids.count)
        for (index, id) in ids.enumerated() where lanesOf[index] == nil {
            results[index] = .failure(StoreError(.notFound, "task \(id) not found"))
        }
        for lane in laneNames {
            let indices = ids.indices.filter { lanesOf[$0] == lane }
            guard !indices.isEmpty else { continue }
            let outcomes = try await cancel(lane: lane, ids: indices.map { ids[$0] }, now: now)
            for (index, outcome) in zip(indices, outcomes) { results[index] = outcome }
        }
        return results
    }

    /// Cancels every active task of the given lanes (all lanes when nil); returns how many.
    public func cancelAll(lane: String? = nil, now: Int64 = Clock.nowMs()) async throws(StoreError) -> Int {
        try await cancelActive(lanes: lane.map { [$0] } ?? laneNames, now: now) { _ in true }
    }

    /// Cancels active tasks whose metadata holds every key/value of `filter` (a JSON object).
    public func cancel(metadata filter: [String: Any], lane: String? = nil, now: Int64 = Clock.nowMs()) async throws(StoreError) -> Int {
        let wanted = filter as NSDictionary
        return try await cancelActive(lanes: lane.map { [$0] } ?? laneNames, now: now) { fields in
            guard let raw = fields["metadata"]?.data(using: .utf8),
                let metadata = (try? JSONSerialization.jsonObject(with: raw)) as? NSDictionary
            else { return false }
            return wanted.allSatisfy { key, value in (metadata[key] as? NSObject)?.isEqual(value) == true }
        }
    }

    private func cancelActive(lanes: [String], now: Int64, where matches: ([String: String]) -> Bool) async throws(StoreError) -> Int {
        var count = 0
        for l in lanes {
            _ = try lane(l)
            let sets = try await pipeline([
                ["ZRANGE", keys.queued(l), "0", "-1"], ["ZRANGE", keys.scheduled(l), "0", "-1"],
                ["SMEMBERS", keys.waiting(l)], ["ZRANGE", keys.running(l), "0", "-1"],
            ])
            let ids = sets.flatMap { ($0.array ?? []).compactMap(\.string) }
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let hashes = try await pipeline(chunk.map { ["HGETALL", keys.task(l, $0)] })
                let selected = zip(chunk, hashes).filter { matches($0.1.dictionary) }.map(\.0)
                let outcomes = try await cancel(lane: l, ids: selected, now: now)
                count += outcomes.filter { if case .success = $0 { return true } else { return false } }.count
            }
        }
        return count
    }
}
