import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LanesCore
import LanesStore
import Logging

/// POSTs a finished task to its `callback_url`, retrying with back-off (1 s, 5 s, 25 s) in the
/// background, so a slow or dead receiver never holds a worker slot.
struct CallbackSender: Sendable {
    let store: TaskStore
    let logger: Logger
    static let delays: [Duration] = [.seconds(1), .seconds(5), .seconds(25)]

    /// Sends the task's final state if it has a callback URL; returns at once.
    func send(taskID: String) {
        Task.detached { [store, logger] in
            guard let task = try? await store.task(id: taskID), task.status.isFinal,
                let target = task.callbackURL.flatMap(URL.init(string:))
            else { return }
            var request = URLRequest(url: target, timeoutInterval: 10)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(task.id, forHTTPHeaderField: "X-Lanes-Task-Id")
            request.httpBody = Data(CallbackSender.body(task).utf8)
            for (attempt, delay) in ([Duration.zero] + CallbackSender.delays).enumerated() {
                try? await Task.sleep(for: delay)
                if let (_, response) = try? await URLSession.shared.data(for: request),
                    let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status) {
                    return
                }
                logger.warning("callback attempt \(attempt + 1) failed", metadata: ["task_id": "\(task.id)", "url": "\(target.absoluteString)"])
            }
            logger.error("callback gave up after \(CallbackSender.delays.count + 1) attempts", metadata: ["task_id": "\(task.id)"])
        }
    }

    /// The callback body: the task's id, queue, operation, final status, result and error.
    static func body(_ t: TaskRecord) -> String {
        func quote(_ s: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        return #"{"task_id":\#(quote(t.id)),"queue":\#(quote(t.queue)),"operation":\#(quote(t.operation)),"status":\#(quote(t.status.rawValue)),"attempts":\#(t.attempts),"result":\#(t.result ?? "null"),"error":\#(t.error.map(quote) ?? "null"),"metadata":\#(t.metadata)}"#
    }
}
