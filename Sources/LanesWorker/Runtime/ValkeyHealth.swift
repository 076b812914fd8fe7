import Logging
import Synchronization

/// The worker's view of Valkey shared by its loops: logs one line when Valkey becomes unreachable
/// and one when it answers again; any other error is logged where it happens.
final class ValkeyHealth: Sendable {
    private let state = Mutex(Connectivity())
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    var isDown: Bool { state.withLock { $0.isDown } }

    /// Reports a failed call made while `activity` (e.g. "claiming in lane llm").
    func failed(_ error: any Error, while activity: String) {
        guard Connectivity.isUnavailable(error) else {
            logger.warning("\(activity) failed: \(error)")
            return
        }
        let change = state.withLock { $0.failed(at: .now) }
        if change == .lost {
            logger.error("valkey unreachable (\(error)); running tasks go on, claiming resumes with back-off once it answers")
        }
    }

    /// Reports a call that succeeded.
    func succeeded() {
        let change = state.withLock { $0.succeeded(at: .now) }
        if case .restored(let since) = change {
            logger.notice("valkey reachable again after \(ContinuousClock.now - since); resuming")
        }
    }
}
