import Foundation
import Synchronization

/// Signals a child's whole process group (the child leads it, see `ChildProcess`), and stops
/// signalling once the group has been swept after the child exited, so a reused id is never hit.
final class ProcessGroup: Sendable {
    let leader: Int32
    private let swept = Atomic<Bool>(false)

    init(leader: Int32) {
        self.leader = leader
    }

    /// Sends `signal` to every process of the group (to the leader alone if it leads no group).
    func signal(_ signal: Int32) {
        guard !swept.load(ordering: .acquiring) else { return }
        if kill(-leader, signal) != 0 && errno == ESRCH { kill(leader, signal) }
    }

    /// SIGTERM now, SIGKILL after `grace` unless the group was swept by then.
    func terminate(grace: Duration) {
        signal(SIGTERM)
        Task.detached { [self] in
            try? await Task.sleep(for: grace)
            self.signal(SIGKILL)
        }
    }

    /// After the leader exited: kills whatever it left behind in its group, once.
    func sweep() {
        guard !swept.exchange(true, ordering: .acquiringAndReleasing) else { return }
        kill(-leader, SIGKILL)
    }
}
