import Synchronization

/// Sends calls that arrive while others are in flight together as one (group commit): with fewer
/// than `inFlight` calls out a call goes at once, so light load waits for nothing; under load a
/// worker's completions share one script call and one round trip. Each caller gets its own result.
/// With two calls in flight the server writes one group while the caller runs the tasks the other
/// group's round trip brought back, instead of each waiting for the other (measured in BENCHMARKS.md).
final class Coalescer<Item: Sendable, Output: Sendable>: Sendable {
    typealias Send = @Sendable ([Item]) async -> [Result<Output, StoreError>]
    private typealias Waiter = (item: Item, continuation: CheckedContinuation<Result<Output, StoreError>, Never>)

    private struct State {
        var waiting: [Waiter] = []
        /// Calls out now (at most `inFlight`).
        var sending = 0
    }

    private let state = Mutex(State())
    private let most: Int
    private let inFlight: Int
    private let send: Send

    /// `send` gets at most `most` items and returns one result per item, in order; at most
    /// `inFlight` sends run at once.
    init(most: Int, inFlight: Int = 1, send: @escaping Send) {
        self.most = max(most, 1)
        self.inFlight = max(inFlight, 1)
        self.send = send
    }

    /// Sends `item` with whatever else is waiting and returns its own result. A call that starts a
    /// send builds and writes it on its own thread (`Task.immediate`), without a hop to another.
    func submit(_ item: Item) async throws(StoreError) -> Output {
        let result = await withCheckedContinuation { continuation in
            let starts = state.withLock { state -> Bool in
                state.waiting.append((item, continuation))
                guard state.sending < inFlight else { return false }
                state.sending += 1
                return true
            }
            if starts { Task.immediate { await self.drain() } }
        }
        return try result.get()
    }

    /// Sends what waits, a batch at a time, until nothing does.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                guard !state.waiting.isEmpty else {
                    state.sending -= 1
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
