import Foundation
import Hummingbird
import HummingbirdTesting
import LanesCore
import LanesStore
import LanesTestSupport
import Logging
import NIOCore
@testable import LanesAPI

/// The real app on the real test Valkey under its own prefix, plus a store on the same keys.
struct APIFixture {
    static let keys = ["admin": "admin-secret-1", "write": "write-secret-1", "read": "read-secret-1"]
    let configuration: APIConfiguration
    let store: TaskStore

    init(valkeyURL: String = TestValkey.url, maxBody: Int? = nil) throws {
        var env = [
            "LANES_VALKEY_URL": valkeyURL, "LANES_PREFIX": TestValkey.uniquePrefix("api"),
            "LANES_API_KEYS": "ops:admin:\(Self.keys["admin"]!),app:write:\(Self.keys["write"]!),dash:read:\(Self.keys["read"]!)",
            "LANES_VALKEY_TIMEOUT_MS": "1000",
        ]
        if let maxBody { env["LANES_MAX_BODY_BYTES"] = String(maxBody) }
        configuration = try APIConfiguration(environment: env)
        store = configuration.store.makeStore()
    }

    /// Warnings and errors only, so test output stays readable.
    static var quietLogger: Logger {
        var logger = Logger(label: "lanes.api.test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a client of the app (no socket).
    func run(logger: Logger = Self.quietLogger, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = buildApplication(configuration, logger: logger)
        try await app.test(.router) { client in try await body(client) }
    }
}

/// One response, read whole.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { ((json["error"] as? [String: Any])?["message"] as? String) ?? "" }
}

extension TestClientProtocol {
    /// Sends a request as `role` (nil: no key) with an optional body.
    func call(_ method: HTTPRequest.Method, _ uri: String, as role: String? = "admin", body: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let role { headers[.authorization] = "Bearer \(APIFixture.keys[role] ?? role)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Creates a task and returns its id.
    func create(_ body: String = #"{"queue":"operations","operation":"noop","data":{}}"#) async throws -> String {
        let reply = try await call(.post, "/api/v1/queue/tasks", body: body)
        guard reply.status == .created, let id = reply.json["task_id"] as? String else {
            throw APIError(.badRequest, "test", "create failed: \(reply.status) \(reply.text)")
        }
        return id
    }
}
