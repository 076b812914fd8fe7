import LanesStore
import ValkeyClient

/// Whether Valkey answers, so that an outage is logged once when it starts and once when it ends,
/// however many loops notice it. No I/O: every change returns what to log.
struct Connectivity: Sendable, Equatable {
    /// What a report changes.
    enum Change: Sendable, Equatable {
        case none
        /// The first failure of an outage: log it.
        case lost
        /// The first success after an outage that started at `since`: log it.
        case restored(since: ContinuousClock.Instant)
    }

    private(set) var downSince: ContinuousClock.Instant?
    /// When the last reported outage ended; failures soon after it (connections still waiting out
    /// their reconnect back-off) are not reported as a new outage.
    private var restoredAt: ContinuousClock.Instant?
    private var quiet = false
    /// How long after a reported recovery a failure stays quiet.
    static let settling = Duration.seconds(5)

    var isDown: Bool { downSince != nil }

    /// A call failed because Valkey could not be reached.
    mutating func failed(at now: ContinuousClock.Instant) -> Change {
        guard downSince == nil else { return .none }
        downSince = now
        quiet = restoredAt.map { now - $0 < Self.settling } ?? false
        return quiet ? .none : .lost
    }

    /// A call succeeded.
    mutating func succeeded(at now: ContinuousClock.Instant) -> Change {
        guard let since = downSince else { return .none }
        downSince = nil
        if quiet { return .none }
        restoredAt = now
        return .restored(since: since)
    }

    /// True when `error` means Valkey could not be reached (as opposed to a refused request).
    static func isUnavailable(_ error: any Error) -> Bool {
        if let error = error as? StoreError { return error.code == .unavailable }
        if let error = error as? ValkeyError { return error.isUnavailable }
        return false
    }
}
