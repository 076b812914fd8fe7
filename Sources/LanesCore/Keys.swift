/// Every Valkey key Lanes uses, built in one place. Each lane's keys carry the lane in a
/// `{hash tag}` so one lane lives in one cluster slot.
public struct Keys: Sendable, Equatable {
    /// The prefix of every key; `lanes` by default.
    public let prefix: String

    public init(prefix: String = "lanes") { self.prefix = prefix }

    private func lane(_ lane: String) -> String { "\(prefix):{\(lane)}" }

    /// ZSET: ready task ids; score = priority band and sequence (ZPOPMAX takes the next).
    public func queued(_ l: String) -> String { "\(lane(l)):queued" }
    /// ZSET: delayed tasks and retry back-offs; score = due time (ms).
    public func scheduled(_ l: String) -> String { "\(lane(l)):scheduled" }
    /// SET: tasks waiting on dependencies.
    public func waiting(_ l: String) -> String { "\(lane(l)):waiting" }
    /// ZSET: running tasks; score = lease deadline (ms).
    public func running(_ l: String) -> String { "\(lane(l)):running" }
    /// HASH: one task.
    public func task(_ l: String, _ id: String) -> String { "\(taskPrefix(l))\(id)" }
    /// The prefix of task hashes, for scripts that learn ids as they go (claim, promote, reconcile).
    public func taskPrefix(_ l: String) -> String { "\(lane(l)):task:" }
    /// STRING: cancellation flag of a running task.
    public func cancel(_ l: String, _ id: String) -> String { "\(cancelPrefix(l))\(id)" }
    /// The prefix of cancellation flags, for the reconciler.
    public func cancelPrefix(_ l: String) -> String { "\(lane(l)):cancel:" }
    /// LIST: log lines written by the task's handler (capped).
    public func logs(_ l: String, _ id: String) -> String { "\(logsPrefix(l))\(id)" }
    /// The prefix of log lists, for clearing history.
    public func logsPrefix(_ l: String) -> String { "\(lane(l)):logs:" }
    /// SET: `lane|id` of the tasks waiting on this one.
    public func dependents(_ l: String, _ id: String) -> String { "\(lane(l)):dependents:\(id)" }
    /// STRING: id of the active task holding this unique key.
    public func unique(_ l: String, _ key: String) -> String { "\(lane(l)):unique:\(key)" }
    /// STRING: id of the task created by this Idempotency-Key (kept 24 h).
    public func idempotency(_ l: String, _ key: String) -> String { "\(lane(l)):idempotency:\(key)" }
    /// SET: ids of a group's tasks in this lane (expires with the lane's retention after the last add).
    public func group(_ l: String, _ name: String) -> String { "\(lane(l)):group:\(name)" }
    /// ZSET: finished ids (completed, failed, cancelled); score = finish time (ms).
    public func done(_ l: String) -> String { "\(lane(l)):done" }
    /// HASH: counters (created, completed, failed, cancelled, retried, recovered), each also per operation
    /// as `<counter>:<operation>`, and the enqueue sequence.
    public func stats(_ l: String) -> String { "\(lane(l)):stats" }
    /// LIST: wake-up tokens for idle workers (BLPOP).
    public func marker(_ l: String) -> String { "\(lane(l)):marker" }
    /// STREAM: capped log of state changes.
    public func events(_ l: String) -> String { "\(lane(l)):events" }

    /// SET: names of the lanes in use.
    public var lanes: String { "\(prefix):lanes" }
    /// ZSET: live workers; score = last heartbeat (ms).
    public var workers: String { "\(prefix):workers" }
    /// HASH with TTL: one worker's registry entry.
    public func worker(_ id: String) -> String { "\(prefix):worker:\(id)" }
    /// HASH: recurring schedules, name -> definition (JSON).
    public var schedules: String { "\(prefix):schedules" }
    /// HASH: a schedule's state: last due time, last task, paused.
    public func scheduleState(_ name: String) -> String { "\(prefix):schedule:\(name)" }
    /// STRING with TTL: guard that lets one firing of a schedule happen per due time.
    public func scheduleFiring(_ name: String, _ dueMs: Int64) -> String { "\(prefix):schedule:\(name):fired:\(dueMs)" }
    /// STRING with TTL: the scheduler leader's lock.
    public var schedulerLock: String { "\(prefix):lock:scheduler" }
    /// STRING with TTL: the lock that lets one reconciler pass run at a time.
    public var reconcileLock: String { "\(prefix):lock:reconcile" }
}
