import Synchronization

/// Sends calls that arrive while another is in flight together as one (group commit): with nothing
/// in flight a call goes out at once, so light load waits for nothing; under load a worker's
/// completions share one script call and one round trip. Each caller gets its own result.
final class Coalescer<Item: Sendable, Output: Sendable>: Sendable {
    typealias Send = @Sendable ([Item]) async -> [Result<Output, StoreError>]
    private typealias Waiter = (item: Item, continuation: CheckedContinuation<Result<Output, StoreError>, Never>)

    private struct State {
        var waiting: [Waiter] = []
        var sending = false
    }

    private let state = Mutex(State())
    private let most: Int
    private let send: Send

    /// `send` gets at most `most` items and returns one result per item, in order.
    init(most: Int, send: @escaping Send) {
        self.most = max(most, 1)
        self.send = send
    }

    /// Sends `item` with whatever else is waiting and returns its own result.
    func submit(_ item: Item) async throws(StoreError) -> Output {
        let result = await withCheckedContinuation { continuation in
            let starts = state.withLock { state -> Bool in
                state.waiting.append((item, continuation))
                guard !state.sending else { return false }
                state.sending = true
                return true
            }
            if starts { Task { await self.drain() } }
        }
        return try result.get()
    }

    /// Sends what waits, a batch at a time, until nothing does.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                guard !state.waiting.isEmpty else {
                    state.sending = false
                    return []
                }
                let batch = Array(state.waiting.prefix(most))
                state.waiting.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            let results = await send(batch.map(\.item))
            for (index, waiter) in batch.enumerated() {
                waiter.continuation.resume(returning: index < results.count
                    ? results[index] : .failure(StoreError(.invalidState, "no reply for item \(index) of a batch of \(batch.count)")))
            }
        }
    }
}
