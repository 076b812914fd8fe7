import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `http`: POSTs the task's data as the JSON body to a URL (e.g. an OpenAI-compatible
/// `/v1/chat/completions`), with the task id and attempt in headers. A 2xx JSON body is the result;
/// 5xx and network errors are retried, 4xx are not.
public struct HTTPHandler: TaskHandler {
    let url: URL
    let headers: [String: String]
    let timeoutSeconds: Double

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
        let (body, response): (Data, URLResponse)
        do {
            (body, response) = try await URLSession.shared.data(for: request)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw HandlerError("POST \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: body, as: UTF8.self)
        switch status {
        case 200..<300:
            guard (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil else {
                throw HandlerError("POST \(url.absoluteString) answered \(status) with a body that is not JSON", retryable: false)
            }
            return text.isEmpty ? "null" : text
        case 400..<500:
            throw HandlerError("POST \(url.absoluteString) answered \(status): \(text.prefix(500))", retryable: status == 408 || status == 429)
        default:
            throw HandlerError("POST \(url.absoluteString) answered \(status): \(text.prefix(500))")
        }
    }
}
