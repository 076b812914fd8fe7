import Foundation
import LanesCore
import LanesStore

/// The API server's settings: `LANES_HTTP_HOST`, `LANES_HTTP_PORT`, `LANES_API_KEYS`,
/// `LANES_MAX_BODY_BYTES`, `LANES_AUTH_DISABLED`, `LANES_METRICS_PUBLIC`, plus the store's (`LANES_VALKEY_URL`, `LANES_PREFIX`,
/// `LANES_CONFIG`). Flags override the environment.
public struct APIConfiguration: Sendable {
    /// The address to listen on (`LANES_HTTP_HOST`, default 127.0.0.1).
    public var host = "127.0.0.1"
    /// The port to listen on (`LANES_HTTP_PORT`, default 8080).
    public var port = 8080
    var keys: [APIKey] = []
    /// Serve without keys (`LANES_AUTH_DISABLED=1`, local trials only; logged as a warning).
    public var authDisabled = false
    /// Serve `GET /metrics` without a key (`LANES_METRICS_PUBLIC=1`); by default it needs role `read`.
    public var metricsPublic = false
    /// The largest request body accepted (`LANES_MAX_BODY_BYTES`, default 1 MiB); larger is 413.
    public var maxBodyBytes = 1 << 20
    /// Valkey, key prefix and lanes.
    public var store: StoreEnvironment

    /// A configuration problem: one line naming the variable and what is wrong.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Reads `environment`, with `overrides` (command-line flags) taking precedence.
    public init(environment: [String: String], overrides: [String: String] = [:]) throws(Problem) {
        let env = environment.merging(overrides) { _, flag in flag }
        do {
            store = try StoreEnvironment(environment: env)
        } catch {
            throw Problem(error.description)
        }
        if let h = env["LANES_HTTP_HOST"], !h.isEmpty { host = h }
        if let p = env["LANES_HTTP_PORT"], !p.isEmpty {
            guard let n = Int(p), (0...65535).contains(n) else { throw Problem("LANES_HTTP_PORT: expected 0-65535, got '\(p)'") }
            port = n
        }
        if let b = env["LANES_MAX_BODY_BYTES"], !b.isEmpty {
            guard let n = Int(b), (1024...(256 << 20)).contains(n) else { throw Problem("LANES_MAX_BODY_BYTES: expected 1024-268435456, got '\(b)'") }
            maxBodyBytes = n
        }
        keys = try APIKey.parse(env["LANES_API_KEYS"] ?? "")
        authDisabled = env["LANES_AUTH_DISABLED"] == "1"
        metricsPublic = env["LANES_METRICS_PUBLIC"] == "1"
        if keys.isEmpty && !authDisabled {
            throw Problem("LANES_API_KEYS is empty: set at least one key as name:role:secret (or LANES_AUTH_DISABLED=1 for a local trial)")
        }
    }
}
