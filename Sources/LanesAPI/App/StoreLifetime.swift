import LanesStore
import ServiceLifecycle

/// Keeps the Valkey pool open while the app runs. Services stop in reverse order and the HTTP
/// server is the app's last one, so once it has stopped this ends the event reader and closes the
/// pool (connections and threads).
struct StoreLifetime: Service {
    let store: TaskStore
    let events: EventHub

    func run() async throws {
        try? await gracefulShutdown()
        events.stop()
        await store.pool.shutdown()
    }
}
