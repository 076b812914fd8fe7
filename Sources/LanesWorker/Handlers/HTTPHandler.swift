import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// `http`: POSTs the task's data as the JSON body to a URL (e.g. an OpenAI-compatible
/// `/v1/chat/completions`), with the task id and attempt in headers. A 2xx JSON body is the result;
/// 5xx, 408, 429 and network errors are retried, other 4xx are not. Cancelling the attempt
/// cancels the request.
public struct HTTPHandler: TaskHandler {
    let url: URL
    let headers: [String: String]
    let timeoutSeconds: Double

    /// `timeoutSeconds` bounds the wait for the server (the task's own timeout still applies).
    public init(url: URL, headers: [String: String] = [:], timeoutSeconds: Double = 60) {
        self.url = url
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
    }

    public func handle(_ context: TaskContext) async throws -> String {
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = "POST"
        request.httpBody = Data(context.data.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(context.taskID, forHTTPHeaderField: "X-Lanes-Task-Id")
        request.setValue(String(context.attempt), forHTTPHeaderField: "X-Lanes-Attempt")
        request.setValue(context.taskID, forHTTPHeaderField: "Idempotency-Key")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (body, status): (Data, Int)
        do {
            (body, status) = try await Self.post(request)
        } catch {
            try Task.checkCancellation()
            throw HandlerError("POST \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        let text = String(decoding: body, as: UTF8.self)
        switch status {
        case 200..<300:
            if body.isEmpty { return "null" }
            guard (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil else {
                throw HandlerError("POST \(url.absoluteString) answered \(status) with a body that is not JSON", retryable: false)
            }
            return text
        case 400..<500:
            throw HandlerError("POST \(url.absoluteString) answered \(status): \(text.prefix(500))", retryable: status == 408 || status == 429)
        default:
            throw HandlerError("POST \(url.absoluteString) answered \(status): \(text.prefix(500))")
        }
    }

    /// Sends the request; cancelling the calling task cancels it.
    static func post(_ request: URLRequest) async throws -> (Data, Int) {
        let pending = Mutex<URLSessionDataTask?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, Int), any Error>) in
                let task = URLSession.shared.dataTask(with: request) { data, response, error in
                    if let error { return continuation.resume(throwing: error) }
                    continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
                }
                pending.withLock { $0 = task }
                task.resume()
                if Task.isCancelled { task.cancel() }
            }
        } onCancel: {
            pending.withLock { $0 }?.cancel()
        }
    }
}
