import Foundation
import LanesCore
import ValkeyClient

/// A schedule with what it last did.
public struct ScheduleStatus: Sendable, Equatable {
    public var schedule: Schedule
    /// Milliseconds since the epoch.
    public var nextRunAt: Int64?
    public var lastRunAt: Int64?
    public var lastTaskID: String?
    public var lastTaskStatus: TaskStatus?
}

/// One firing the scheduler made.
public struct ScheduleFiring: Sendable, Equatable {
    public var name: String
    public var dueAt: Int64
    public var taskID: String
    /// The lane the task was created in.
    public var lane: String = ""
    /// False when this due time had already fired (another leader did it).
    public var created: Bool
}

extension TaskStore {
    /// Creates or replaces a schedule; `invalidInput` names the part that is wrong.
    public func saveSchedule(_ schedule: Schedule, now: Int64 = Clock.nowMs()) async throws(StoreError) {
        do { _ = try schedule.timing() } catch { throw StoreError(.invalidInput, error.description) }
        do { _ = try lane(schedule.task.queue) } catch { throw StoreError(.invalidInput, "task.queue: \(error.message)") }
        _ = try await pipeline([
            ["HSET", keys.schedules, schedule.name, ScheduleCodec.encode(schedule)],
            ["HSETNX", keys.scheduleState(schedule.name), "last_due", String(now)],
        ])
    }

    /// Every schedule with its next and last run, and the status of the last task it created.
    public func schedules(now: Int64 = Clock.nowMs()) async throws(StoreError) -> [ScheduleStatus] {
        let all = try await pipeline([["HGETALL", keys.schedules]])[0].dictionary
        let names = all.keys.sorted()
        let states = try await pipeline(names.map { ["HGETALL", keys.scheduleState($0)] }).map(\.dictionary)
        var result: [ScheduleStatus] = []
        for (name, state) in zip(names, states) {
            guard let schedule = ScheduleCodec.decode(all[name] ?? "") else { continue }
            let lastTask = state["last_task"]
            let status = try await lastTask.asyncMap { id throws(StoreError) in try await task(id: id)?.status }
            result.append(ScheduleStatus(schedule: schedule, nextRunAt: schedule.paused ? nil : schedule.nextRun(after: now),
                                         lastRunAt: state["last_run_at"].flatMap { Int64($0) }, lastTaskID: lastTask, lastTaskStatus: status ?? nil))
        }
        return result
    }

    /// One schedule with its state; nil when unknown.
    public func schedule(named name: String, now: Int64 = Clock.nowMs()) async throws(StoreError) -> ScheduleStatus? {
        try await schedules(now: now).first { $0.schedule.name == name }
    }

    /// Deletes a schedule; false when there was none.
    public func deleteSchedule(named name: String) async throws(StoreError) -> Bool {
        let replies = try await pipeline([["HDEL", keys.schedules, name], ["DEL", keys.scheduleState(name)]])
        return replies[0].int == 1
    }

    /// Pauses or resumes a schedule; false when there is none. Resuming does not fire missed ticks.
    public func setSchedulePaused(_ name: String, paused: Bool, now: Int64 = Clock.nowMs()) async throws(StoreError) -> Bool {
        guard var schedule = try await schedule(named: name)?.schedule else { return false }
        schedule.paused = paused
        _ = try await pipeline([
            ["HSET", keys.schedules, name, ScheduleCodec.encode(schedule)],
            ["HSET", keys.scheduleState(name), "last_due", String(now)],
        ])
        return true
    }

    /// Takes or renews a leader lock; true while the caller leads.
    public func lead(_ lock: String, owner: String, ttlMs: Int64) async throws(StoreError) -> Bool {
        try await run(Scripts.lock, keys: [lock], args: [owner, String(ttlMs)]).checked("lock").int == 1
    }

    /// Gives up a leader lock if `owner` still holds it.
    public func unlockLeader(_ lock: String, owner: String) async throws(StoreError) {
        _ = try await run(Scripts.unlock, keys: [lock], args: [owner])
    }

    /// Creates the task of every schedule that is due, once per due time however many leaders try:
    /// each firing enqueues with the idempotency key `schedule:<name>:<due>`. Ticks missed within
    /// `catchUpMs` (a leader change) each fire; older ones collapse into one firing.
    public func fireDueSchedules(now: Int64 = Clock.nowMs(), catchUpMs: Int64 = 60_000) async throws(StoreError) -> [ScheduleFiring] {
        let all = try await pipeline([["HGETALL", keys.schedules]])[0].dictionary
        var firings: [ScheduleFiring] = []
        for (name, text) in all.sorted(by: { $0.key < $1.key }) {
            guard let schedule = ScheduleCodec.decode(text), !schedule.paused else { continue }
            let state = try await pipeline([["HGETALL", keys.scheduleState(name)]])[0].dictionary
            let last = state["last_due"].flatMap { Int64($0) } ?? now
            guard let dues = try? schedule.dueTimes(after: last, now: now, catchUpMs: catchUpMs) else { continue }
            for due in dues {
                var task = schedule.task
                task.runAt = nil
                task.idempotencyKey = "schedule:\(name):\(due)"
                if task.metadata == "{}" { task.metadata = #"{"schedule":"\#(name)"}"# }
                let result = try await enqueue(task, now: now)
                _ = try await pipeline([["HSET", keys.scheduleState(name), "last_due", String(due), "last_run_at", String(now), "last_task", result.id]])
                firings.append(ScheduleFiring(name: name, dueAt: due, taskID: result.id, lane: task.queue, created: result.created))
            }
        }
        return firings
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws(StoreError) -> T) async throws(StoreError) -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// Schedules as JSON in the schedules hash; data and metadata keep their exact text.
enum ScheduleCodec {
    static func encode(_ s: Schedule) -> String {
        var object: [String: Any] = [
            "name": s.name, "timezone": s.timezone, "paused": s.paused, "queue": s.task.queue, "operation": s.task.operation,
            "data": s.task.data, "metadata": s.task.metadata, "priority": s.task.priority,
        ]
        if let cron = s.cron { object["cron"] = cron }
        if let interval = s.interval { object["interval"] = interval }
        if let at = s.at { object["at"] = at }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> Schedule? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            let name = object["name"] as? String, let queue = object["queue"] as? String, let operation = object["operation"] as? String
        else { return nil }
        let task = NewTask(queue: queue, operation: operation, data: object["data"] as? String ?? "{}",
                           metadata: object["metadata"] as? String ?? "{}", priority: object["priority"] as? Int ?? 50)
        return Schedule(name: name, cron: object["cron"] as? String, interval: object["interval"] as? String, at: object["at"] as? String,
                        timezone: object["timezone"] as? String ?? "UTC", task: task, paused: object["paused"] as? Bool ?? false)
    }
}
