/// The worker's slots and shutdown state, without I/O: which tasks run in which lane, how many
/// slots are free, and whether the worker still claims. Every change returns what to do next.
struct SlotBook: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        /// Claiming and running.
        case running
        /// Shutdown asked: no more claims; running tasks may finish.
        case draining
        /// Grace period over: remaining tasks are cancelled and requeued.
        case stopping
    }

    private(set) var phase = Phase.running
    private(set) var capacity: [String: Int]
    private(set) var running: [String: Set<String>] = [:]
    /// Lanes whose last claim came back short (their queue ran dry): completions there do not
    /// claim for the slots they free; the dispatcher claims when it is woken.
    private(set) var dry: Set<String> = []

    init(capacity: [String: Int]) {
        self.capacity = capacity
    }

    /// Free slots of a lane (0 once the worker stops claiming).
    func free(_ lane: String) -> Int {
        guard phase == .running else { return 0 }
        return max((capacity[lane] ?? 0) - (running[lane]?.count ?? 0), 0)
    }

    var runningCount: Int { running.values.reduce(0) { $0 + $1.count } }
    var isIdle: Bool { runningCount == 0 }

    /// Records a claimed task; false when the lane had no free slot (the claim must be given back).
    mutating func started(_ id: String, lane: String) -> Bool {
        guard free(lane) > 0 else { return false }
        running[lane, default: []].insert(id)
        return true
    }

    /// Whether the task holds a slot of the lane.
    func holds(_ id: String, lane: String) -> Bool { running[lane]?.contains(id) ?? false }

    /// Records how a claim of the lane went: `got` tasks of `asked`.
    mutating func claimed(_ got: Int, of asked: Int, lane: String) {
        if got < asked { dry.insert(lane) } else { dry.remove(lane) }
    }

    /// How many of these completing tasks' slots to refill in their completion's round trip: each
    /// one still holding a slot, unless the worker stopped claiming or the lane ran dry.
    func refillable(_ completing: [String], lane: String) -> Int {
        guard phase == .running, !dry.contains(lane) else { return 0 }
        return completing.filter { holds($0, lane: lane) }.count
    }

    /// Puts a task claimed for a finishing task's slot in its place; false when the worker stopped
    /// claiming or the finishing task holds no slot (the claim must be given back).
    mutating func handOver(_ finishing: String, to next: String, lane: String) -> Bool {
        guard phase == .running, running[lane]?.remove(finishing) != nil else { return false }
        running[lane, default: []].insert(next)
        return true
    }

    /// Gives the tasks claimed for these finishing tasks' slots the slots still held, in order, and
    /// records the claim as short against those slots. Per claimed task: true when it got a slot,
    /// false when it must be given back.
    mutating func refill(_ claimed: [String], replacing finishing: [String], lane: String) -> [Bool] {
        var slots = finishing.filter { holds($0, lane: lane) }[...]
        self.claimed(claimed.count, of: slots.count, lane: lane)
        return claimed.map { next in slots.popFirst().map { handOver($0, to: next, lane: lane) } ?? false }
    }

    /// Records a finished task; true when the worker may now stop (draining and idle).
    mutating func finished(_ id: String, lane: String) -> Bool {
        running[lane]?.remove(id)
        return phase != .running && isIdle
    }

    /// Shutdown asked: stop claiming. Returns true when nothing runs, so the worker can stop now.
    mutating func drain() -> Bool {
        if phase == .running { phase = .draining }
        return isIdle
    }

    /// The grace period is over: returns the tasks to cancel and requeue.
    mutating func stop() -> [String] {
        phase = .stopping
        return running.values.flatMap { $0 }.sorted()
    }
}
