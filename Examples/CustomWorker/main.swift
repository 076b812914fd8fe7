// A team's own worker: the built-in handlers (exec, http, noop, sleep, echo, fail) plus a Swift
// handler, in a few lines. Build: swift build --product example-worker; run it like lanes-worker
// (same LANES_* variables). Tasks with operation "reverse" run here, in any lane.
import Foundation
import LanesWorker

/// Reverses `data.text`: `{"text": "abc"}` -> `{"reversed": "cba"}`.
struct ReverseHandler: TaskHandler {
    struct Input: Decodable { let text: String }
    struct Output: Encodable { let reversed: String }

    func handle(_ context: TaskContext) async throws -> String {
        guard let input = try? context.decode(Input.self) else {
            throw HandlerError("reverse: data.text (a string) is required", retryable: false)
        }
        try Task.checkCancellation()
        await context.log("reversing \(input.text.count) characters")
        await context.progress(1, "reversed")
        return try String(decoding: JSONEncoder().encode(Output(reversed: String(input.text.reversed()))), as: UTF8.self)
    }
}

await WorkerApp.run(handlers: ["reverse": ReverseHandler()])
