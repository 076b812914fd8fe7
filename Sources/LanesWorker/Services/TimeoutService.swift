import ServiceLifecycle

/// Stops running attempts whose timeout ran out (the handler is cancelled; the attempt fails with
/// "timed out after N s"). One clock for all slots, looking every 100 ms, instead of a timer per task.
/// It keeps running while the processor drains.
struct TimeoutService: Service {
    let runtime: WorkerRuntime
    static let tick = Duration.milliseconds(100)

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tick)
                let now = ContinuousClock.now
                for task in runtime.running where task.stopReason == nil { task.stopIfTimedOut(at: now) }
            }
        }
    }
}
