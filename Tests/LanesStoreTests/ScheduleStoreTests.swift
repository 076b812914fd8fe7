import LanesCore
import Testing
@testable import LanesStore

@Suite("Recurring schedules in the store")
struct ScheduleStoreTests {
    static let t0: Int64 = 1_800_000_000_000  // 2027-01-15T08:00:00Z, a whole minute

    func everyMinute(_ name: String = "tick") -> Schedule {
        Schedule(name: name, cron: "* * * * *", task: NewTask(queue: "operations", operation: "noop", data: #"{"k": 1}"#))
    }

    @Test("a schedule fires once per due time, and a second leader firing the same time creates nothing new")
    func exactlyOnce() async throws {
        let f = try StoreFixture()
        try await f.store.saveSchedule(everyMinute(), now: Self.t0)
        #expect(try await f.store.fireDueSchedules(now: Self.t0 + 59_000).isEmpty)
        let first = try await f.store.fireDueSchedules(now: Self.t0 + 61_000)
        #expect(first.count == 1 && first[0].created && first[0].dueAt == Self.t0 + 60_000)
        #expect(try await f.store.fireDueSchedules(now: Self.t0 + 62_000).isEmpty)
        // A leader that read the old state (before the first firing was recorded) fires the same due time.
        try await f.pool.send(["HSET", f.keys.scheduleState("tick"), "last_due", String(Self.t0)])
        let again = try await f.store.fireDueSchedules(now: Self.t0 + 62_000)
        #expect(again.count == 1 && !again[0].created && again[0].taskID == first[0].taskID)
        #expect(try await f.lane("operations").queued == [first[0].taskID])
        let task = try #require(try await f.store.task(id: first[0].taskID))
        #expect(task.data == #"{"k": 1}"#)
    }

    @Test("after downtime a missed schedule fires once, not once per missed tick")
    func missedTicksCollapse() async throws {
        let f = try StoreFixture()
        try await f.store.saveSchedule(everyMinute(), now: Self.t0)
        let firings = try await f.store.fireDueSchedules(now: Self.t0 + 10 * 60_000 + 5_000, catchUpMs: 30_000)
        #expect(firings.count == 1 && firings[0].dueAt == Self.t0 + 10 * 60_000)
        #expect(try await f.lane("operations").queued.count == 1)
    }

    @Test("ticks missed during a short leader change each fire once")
    func shortGapCatchesUp() async throws {
        let f = try StoreFixture()
        try await f.store.saveSchedule(Schedule(name: "s", interval: "1s", task: NewTask(queue: "operations", operation: "noop")), now: Self.t0)
        let firings = try await f.store.fireDueSchedules(now: Self.t0 + 3_500)
        #expect(firings.map(\.dueAt) == [Self.t0 + 1_000, Self.t0 + 2_000, Self.t0 + 3_000])
    }

    @Test("a paused schedule does not fire; listing shows next and last run and the last task's status")
    func pauseAndList() async throws {
        let f = try StoreFixture()
        try await f.store.saveSchedule(everyMinute(), now: Self.t0)
        #expect(try await f.store.setSchedulePaused("tick", paused: true, now: Self.t0))
        #expect(try await f.store.fireDueSchedules(now: Self.t0 + 120_000).isEmpty)
        #expect(try await f.store.setSchedulePaused("tick", paused: false, now: Self.t0 + 120_000))
        let fired = try await f.store.fireDueSchedules(now: Self.t0 + 181_000)
        let status = try #require(try await f.store.schedule(named: "tick", now: Self.t0 + 181_000))
        #expect(status.lastTaskID == fired.first?.taskID && status.lastTaskStatus == .queued)
        #expect(status.nextRunAt == Self.t0 + 240_000 && status.lastRunAt == Self.t0 + 181_000)
        #expect(try await f.store.deleteSchedule(named: "tick"))
        #expect(try await f.store.schedules().isEmpty)
        #expect(try await !f.store.setSchedulePaused("tick", paused: true))
    }

    @Test("an invalid schedule is refused naming the part that is wrong", arguments: [
        (Schedule(name: "x", cron: "61 * * * *", task: NewTask(queue: "operations", operation: "noop")), "minute field: '61'"),
        (Schedule(name: "x", cron: "* * * * *", timezone: "Mars/Olympus", task: NewTask(queue: "operations", operation: "noop")), "timezone 'Mars/Olympus'"),
        (Schedule(name: "x", interval: "5x", task: NewTask(queue: "operations", operation: "noop")), "interval '5x'"),
        (Schedule(name: "x", task: NewTask(queue: "operations", operation: "noop")), "exactly one of"),
        (Schedule(name: "x", cron: "* * * * *", task: NewTask(queue: "nope", operation: "noop")), "unknown queue 'nope'"),
        (Schedule(name: "bad name!", cron: "* * * * *", task: NewTask(queue: "operations", operation: "noop")), "name 'bad name!'"),
    ])
    func refuses(schedule: Schedule, fragment: String) async throws {
        let f = try StoreFixture()
        await #expect { try await f.store.saveSchedule(schedule) } throws: { "\($0)".contains(fragment) }
    }

    @Test("one leader at a time; another takes over when the lock expires")
    func leader() async throws {
        let f = try StoreFixture()
        #expect(try await f.store.lead(f.keys.schedulerLock, owner: "a", ttlMs: 2_000))
        #expect(try await !f.store.lead(f.keys.schedulerLock, owner: "b", ttlMs: 2_000))
        #expect(try await f.store.lead(f.keys.schedulerLock, owner: "a", ttlMs: 300), "the leader renews")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await f.store.lead(f.keys.schedulerLock, owner: "b", ttlMs: 2_000))
    }
}
