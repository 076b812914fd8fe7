import Synchronization

/// What one request did, filled in while it runs (the key by the auth middleware, the action and
/// task ids by the handler, a refusal by the error middleware) and logged once when it ends.
final class AuditNote: Sendable {
    struct Entry: Sendable, Equatable {
        var key = "-"
        var route: String?
        var action: String?
        var tasks: [String] = []
        var lane: String?
        var outcome: String?
    }

    private let entry = Mutex(Entry())

    /// The name (never the secret) of the key the request was made with.
    func authenticated(as key: String) { entry.withLock { $0.key = key } }

    /// The route template the request matched (resolved once, by the auth middleware).
    func matched(_ route: String) { entry.withLock { $0.route = route } }

    /// What the handler did: an action name, the task ids involved (and their lane, when one), and the outcome.
    func record(_ action: String, tasks: [String] = [], lane: String? = nil, outcome: String) {
        entry.withLock {
            $0.action = action
            $0.tasks = tasks
            $0.lane = lane
            $0.outcome = outcome
        }
    }

    /// Why the request was refused (an error code and message), unless the handler said more.
    func refused(_ code: String, _ message: String) {
        entry.withLock { $0.outcome = $0.outcome ?? "\(code): \(message)" }
    }

    var snapshot: Entry { entry.withLock { $0 } }
}
