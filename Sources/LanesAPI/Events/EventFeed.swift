import LanesStore
import ServiceLifecycle

/// What an event stream writes next: an event, or a keep-alive when nothing happened for a while.
enum FeedItem: Sendable {
    case event(TaskEvent)
    case keepAlive
}

/// Runs `body` over the live events merged with a keep-alive every `keepAlive`. The feed ends on
/// graceful shutdown, so an open stream never holds the server's shutdown up; and the keep-alives
/// make a write to a client that went away fail within one interval, which ends its stream.
func withEventFeed(
    _ live: AsyncStream<TaskEvent>,
    keepAlive: Duration,
    _ body: (AsyncStream<FeedItem>) async throws -> Void
) async throws {
    let (feed, continuation) = AsyncStream.makeStream(of: FeedItem.self, bufferingPolicy: .bufferingNewest(10_000))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            for await event in live { continuation.yield(.event(event)) }
            continuation.finish()
        }
        group.addTask {
            while !Task.isCancelled {
                try await Task.sleep(for: keepAlive)
                continuation.yield(.keepAlive)
            }
        }
        defer { group.cancelAll() }
        try await withGracefulShutdownHandler {
            try await body(feed)
        } onGracefulShutdown: {
            continuation.finish()
        }
    }
}
