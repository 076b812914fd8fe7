// A team's own worker: the built-in handlers plus a Swift handler, in a few lines.
// Build: swift build --product example-worker; run it like lanes-worker (same LANES_* variables).
import LanesWorker

/// Reverses `data.text`.
struct ReverseHandler: TaskHandler {
    func handle(_ context: TaskContext) async throws -> String {
        guard let text = context.dataObject["text"] as? String else {
            throw HandlerError("reverse: data.text is required", retryable: false)
        }
        await context.progress(1, "reversed \(text.count) characters")
        return #"{"reversed": "\#(String(text.reversed()))"}"#
    }
}

await WorkerApp.run(handlers: ["reverse": ReverseHandler()])
