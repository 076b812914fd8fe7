import Synchronization

/// A value delivered once and awaited by any number of tasks. Waiting ignores cancellation on
/// purpose: the worker uses it for outcomes it must see through (a handler's result, "all slots idle").
final class Promise<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [CheckedContinuation<Value, Never>] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Delivers the value; returns false (and changes nothing) when one was delivered before.
    @discardableResult
    func fulfill(_ value: Value) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, Never>]? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiters = [] }
            return state.waiters
        }
        guard let waiters else { return false }
        waiters.forEach { $0.resume(returning: value) }
        return true
    }

    /// True once a value was delivered.
    var isFulfilled: Bool { state.withLock { $0.value != nil } }

    /// The value, waiting for it when it has not been delivered yet.
    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Value? in
                    if let value = state.value { return value }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
