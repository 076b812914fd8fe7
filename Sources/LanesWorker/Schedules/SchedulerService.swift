import LanesCore
import LanesStore
import Logging
import ServiceLifecycle

/// Fires recurring schedules. Every worker runs one; a leader lock with a TTL lets one of them
/// fire at a time, and another takes over when the leader dies. Each firing is idempotent per
/// (schedule, due time), so a leader change never fires twice; ticks missed during the change fire
/// when the next leader takes over.
public struct SchedulerService: Service {
    let store: TaskStore
    let owner: String
    let tickMs: Int
    let lockTTLMs: Int64
    let declared: [Schedule]
    let logger: Logger
    /// Set by `Worker`: store errors go to the worker's shared Valkey health (an outage is logged once).
    var health: ValkeyHealth?

    /// `declared` schedules (from config/) are saved at start-up; `tickMs` is how often it looks.
    public init(store: TaskStore, owner: String, declared: [Schedule] = [], tickMs: Int = 200, lockTTLMs: Int64 = 3_000, logger: Logger) {
        self.store = store
        self.owner = owner
        self.tickMs = tickMs
        self.lockTTLMs = lockTTLMs
        self.declared = declared
        self.logger = logger
    }

    public func run() async throws {
        for schedule in declared {
            do {
                try await store.saveSchedule(schedule)
            } catch {
                logger.error("schedule \(schedule.name) from config not saved: \(error.message)")
            }
        }
        var leading = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let lead = try await store.lead(store.keys.schedulerLock, owner: owner, ttlMs: lockTTLMs)
                if lead != leading {
                    logger.info(lead ? "scheduler: leading" : "scheduler: another worker leads")
                    leading = lead
                }
                if lead {
                    for firing in try await store.fireDueSchedules() where firing.created {
                        logger.info("schedule fired", metadata: ["schedule": "\(firing.name)", "task_id": "\(firing.taskID)", "lane": "\(firing.lane)", "due": "\(firing.dueAt)"])
                    }
                }
            } catch {
                if let health { health.failed(error, while: "scheduler") } else { logger.warning("scheduler: \(error.message)") }
            }
            try? await Task.sleep(for: .milliseconds(tickMs))
        }
        if leading { try? await store.unlockLeader(store.keys.schedulerLock, owner: owner) }
    }
}
