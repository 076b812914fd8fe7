import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The REST API over URLSession; turns every failure into a `CLIError` with the right exit code.
struct APIClient {
    /// The server's base URL as given (for messages), without a trailing slash.
    let display: String
    let base: URL
    let key: String?
    /// Seconds a request may go unanswered before it fails (exit 3); long polls stay inside it.
    let requestTimeout: Double
    private let session: URLSession

    init(base text: String, key: String?, requestTimeout: Double = 30) throws {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix("/api/v1/queue") { trimmed.removeLast("/api/v1/queue".count) }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw CLIError.usage("--url: expected http(s)://host:port, got '\(text)'")
        }
        display = trimmed
        base = url
        self.key = key
        self.requestTimeout = requestTimeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = requestTimeout
        session = URLSession(configuration: configuration)
    }

    /// Calls `method path` under `/api/v1/queue` and returns a 2xx answer; anything else throws.
    func call(_ method: String, _ path: String, query: [(String, String?)] = [], body: String? = nil,
              headers: [String: String] = [:]) async throws -> APIResponse {
        let response = try await send(method, path, query: query, body: body, headers: headers)
        try check(response, method: method, path: path)
        return response
    }

    /// Calls the API and returns whatever it answered; only a transport failure throws.
    func send(_ method: String, _ path: String, query: [(String, String?)] = [], body: String? = nil,
              headers: [String: String] = [:]) async throws -> APIResponse {
        var components = URLComponents(url: base.appendingPathComponent("api/v1/queue" + path), resolvingAgainstBaseURL: false)!
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components.queryItems = items }
        var request = URLRequest(url: components.url!, timeoutInterval: requestTimeout)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        do {
            let (data, answer) = try await session.data(for: request)
            return APIResponse(status: (answer as? HTTPURLResponse)?.statusCode ?? 0, data: data)
        } catch let error as URLError {
            throw CLIError.unavailable("cannot reach \(display): \(Self.describe(error, timeout: requestTimeout))")
        } catch {
            throw CLIError.unavailable("cannot reach \(display): \(error.localizedDescription)")
        }
    }

    /// Throws the `CLIError` a non-2xx answer stands for: 4xx is a usage error, 5xx means unavailable.
    func check(_ response: APIResponse, method: String, path: String) throws {
        switch response.status {
        case 200..<300:
            return
        case 401:
            throw CLIError.usage("\(response.errorMessage ?? "unauthorized") (give a key with --key or LANES_API_KEY)")
        case 400..<500:
            let guess = response.status == 404 ? " (is \(display) a Lanes API?)" : ""
            throw CLIError.usage(response.errorMessage ?? "\(method) /api/v1/queue\(path): HTTP \(response.status)\(guess)")
        default:
            let detail = response.errorMessage.map { ": \($0)" } ?? ""
            throw CLIError.unavailable("\(display) answered \(response.status)\(detail)")
        }
    }

    /// A path segment with everything but unreserved characters escaped.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }

    private static func describe(_ error: URLError, timeout: Double) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused"
        case .timedOut: "timed out after \(Format.seconds(timeout))"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .networkConnectionLost: "connection lost"
        case .notConnectedToInternet: "network is down"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate: "TLS failed (\(error.localizedDescription))"
        default: error.localizedDescription
        }
    }
}
