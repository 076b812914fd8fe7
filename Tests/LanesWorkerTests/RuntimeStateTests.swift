import Foundation
import LanesCore
@testable import LanesStore
import Testing
@testable import LanesWorker

@Suite("Valkey outages, back-off and settings, without I/O")
struct RuntimeStateTests {
    @Test("an outage is reported once when it starts and once when it ends")
    func outageLoggedOnce() {
        var state = Connectivity()
        let start = ContinuousClock.now
        #expect(state.succeeded(at: start) == .none)
        #expect(state.failed(at: start) == .lost)
        #expect(state.failed(at: start + .seconds(1)) == .none)
        #expect(state.failed(at: start + .seconds(2)) == .none)
        #expect(state.succeeded(at: start + .seconds(3)) == .restored(since: start))
        #expect(state.succeeded(at: start + .seconds(3)) == .none)
    }

    @Test("failures while connections settle after a recovery are not a new outage; a later one is")
    func settling() {
        var state = Connectivity()
        let start = ContinuousClock.now
        _ = state.failed(at: start)
        _ = state.succeeded(at: start + .seconds(4))
        #expect(state.failed(at: start + .seconds(5)) == .none)
        #expect(state.succeeded(at: start + .seconds(5)) == .none)
        #expect(state.failed(at: start + .seconds(20)) == .lost)
        #expect(state.succeeded(at: start + .seconds(21)) == .restored(since: start + .seconds(20)))
    }

    @Test("only connection trouble counts as an outage")
    func unavailableErrors() {
        #expect(Connectivity.isUnavailable(StoreError(.unavailable, "down")))
        #expect(!Connectivity.isUnavailable(StoreError(.stale, "stale")))
        #expect(!Connectivity.isUnavailable(CancellationError()))
    }

    @Test("back-off doubles from its start up to its cap and starts over after a success")
    func backoff() {
        var backoff = Backoff(initialMs: 100, maxMs: 1_000)
        let waits = (0..<6).map { _ in backoff.next(random: 0.5) }
        #expect(waits == [100, 200, 400, 800, 1_000, 1_000].map { Duration.milliseconds($0) })
        backoff.reset()
        #expect(backoff.next(random: 0.5) == .milliseconds(100))
        #expect(backoff.next(random: 0) == .milliseconds(160), "jitter takes off up to 20%")
    }

    @Test("settings come from LANES_* variables with documented defaults")
    func settingsDefaults() throws {
        let defaults = try WorkerSettings(environment: [:])
        #expect(defaults.leaseMs == 8_000 && defaults.heartbeatMs == 2_000 && defaults.reconcileMs == 2_000)
        #expect(defaults.graceSeconds == 25 && defaults.killGraceSeconds == 5 && defaults.lanes.isEmpty && defaults.logLevel == .info)
        let set = try WorkerSettings(environment: [
            "LANES_WORKER_LANES": "llm, operations", "LANES_WORKER_ID": "w1", "LANES_LEASE_MS": "1500", "LANES_HEARTBEAT_MS": "300",
            "LANES_RECONCILE_MS": "400", "LANES_PROMOTE_MS": "100", "LANES_GRACE_SECONDS": "3", "LANES_KILL_GRACE_SECONDS": "1",
            "LANES_LOG_LEVEL": "DEBUG",
        ])
        #expect(set.lanes == ["llm", "operations"] && set.workerID == "w1" && set.leaseMs == 1_500 && set.heartbeatMs == 300)
        #expect(set.reconcileMs == 400 && set.promoteMs == 100 && set.graceSeconds == 3 && set.killGraceSeconds == 1 && set.logLevel == .debug)
    }

    @Test("a bad setting is refused with one line naming the variable", arguments: [
        (["LANES_LEASE_MS": "soon"], "LANES_LEASE_MS: expected a whole number in 200...3600000, got 'soon'"),
        (["LANES_GRACE_SECONDS": "-1"], "LANES_GRACE_SECONDS: expected a whole number in 0...86400, got '-1'"),
        (["LANES_LEASE_MS": "1000", "LANES_HEARTBEAT_MS": "600"], "LANES_HEARTBEAT_MS (600) must be at most half of LANES_LEASE_MS (1000)"),
        (["LANES_LOG_LEVEL": "loud"], "LANES_LOG_LEVEL: expected trace, debug, info, notice, warning, error or critical, got 'loud'"),
    ])
    func badSettings(environment: [String: String], message: String) {
        do {
            _ = try WorkerSettings(environment: environment)
            Issue.record("accepted \(environment)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("the first stop reason wins and the handler is cancelled")
    func firstStopWins() async {
        let task = RunningTask(claimed: claimed(), leaseUntil: .now + .seconds(10), stopGrace: .seconds(5))
        task.run { try await Task.sleep(for: .seconds(30)); return "late" }
        task.stop(.cancelled)
        task.stop(.timeout(seconds: 1))
        let result = await task.result
        #expect(task.stopReason == .cancelled)
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test("a handler that ignores cancellation gives its slot back after the stop grace")
    func ignoredStop() async {
        let task = RunningTask(claimed: claimed(), leaseUntil: .now + .seconds(10), stopGrace: .milliseconds(100))
        task.run { await ignoringCancellation(seconds: 20); return "too late" }
        let started = ContinuousClock.now
        task.stop(.timeout(seconds: 1))
        let result = await task.result
        // Far below the handler's 20 s, however loaded the machine is.
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(throws: HandlerIgnoredStop.self) { try result.get() }
    }

    @Test("an attempt is stopped for a timeout once its time ran out, not before")
    func timeoutClock() {
        let now = ContinuousClock.now
        let task = RunningTask(claimed: claimed(), leaseUntil: now + .seconds(10), stopGrace: .seconds(1))
        #expect(!task.stopIfTimedOut(at: now), "no clock before the attempt starts")
        task.startClock(seconds: 2, now: now)
        #expect(!task.stopIfTimedOut(at: now + .milliseconds(1_999)))
        #expect(task.stopIfTimedOut(at: now + .seconds(2)))
        #expect(task.stopReason == .timeout(seconds: 2))
    }

    @Test("a lease counts as expired once no heartbeat renewed it in time")
    func leaseExpiry() {
        let now = ContinuousClock.now
        let task = RunningTask(claimed: claimed(), leaseUntil: now + .milliseconds(1_500), stopGrace: .seconds(1))
        #expect(!task.leaseExpired(at: now + .milliseconds(1_000)))
        task.leaseRenewed(sentAt: now + .milliseconds(1_000), leaseMs: 1_500)
        #expect(!task.leaseExpired(at: now + .milliseconds(2_000)))
        #expect(task.leaseExpired(at: now + .milliseconds(2_500)))
    }

    func claimed() -> ClaimedTask {
        let record = TaskRecord(id: "t1", queue: "operations", fields: ["operation": "noop", "data": "{}", "metadata": "{}",
                                         "status": "running", "attempts": "1", "token": "1", "created_at": "0"])!
        return ClaimedTask(record: record, token: 1)
    }
}

/// Waits without ever looking at cancellation: a handler that never checks it.
func ignoringCancellation(seconds: Double) async {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume() }
    }
}
