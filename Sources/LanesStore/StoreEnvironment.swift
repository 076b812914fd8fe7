import LanesCore
import ValkeyClient

/// The settings the API and the worker share: `LANES_VALKEY_URL`, `LANES_PREFIX`, `LANES_CONFIG`,
/// `LANES_VALKEY_POOL_SIZE`, `LANES_VALKEY_TIMEOUT_MS`. Flags override them (pass them in `overrides`).
public struct StoreEnvironment: Sendable {
    public var valkey: ValkeyConfiguration
    public var prefix: String
    public var configPath: String?
    public var configuration: LanesConfiguration

    /// Reads the environment; throws one line naming the variable or file and the problem.
    public init(environment: [String: String], overrides: [String: String] = [:], extraHandlers: Set<String> = []) throws(LanesConfiguration.Problem) {
        let env = environment.merging(overrides) { _, flag in flag }
        let url = env["LANES_VALKEY_URL"] ?? "valkey://127.0.0.1:6379"
        do {
            valkey = try ValkeyConfiguration(url: url)
        } catch {
            throw LanesConfiguration.Problem("LANES_VALKEY_URL: \(error.message)")
        }
        if let size = env["LANES_VALKEY_POOL_SIZE"] {
            guard let n = Int(size), (1...512).contains(n) else { throw LanesConfiguration.Problem("LANES_VALKEY_POOL_SIZE: expected 1-512, got '\(size)'") }
            valkey.poolSize = n
        }
        if let timeout = env["LANES_VALKEY_TIMEOUT_MS"] {
            guard let n = Int(timeout), (10...600_000).contains(n) else { throw LanesConfiguration.Problem("LANES_VALKEY_TIMEOUT_MS: expected 10-600000, got '\(timeout)'") }
            valkey.commandTimeoutMs = n
        }
        prefix = env["LANES_PREFIX"] ?? "lanes"
        guard !prefix.isEmpty, !prefix.contains(where: { $0 == " " || $0 == "{" || $0 == "}" }) else {
            throw LanesConfiguration.Problem("LANES_PREFIX: '\(prefix)' must be non-empty, without spaces or braces")
        }
        configPath = env["LANES_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        configuration = try configPath.map { path throws(LanesConfiguration.Problem) in
            try LanesConfiguration.load(path: path, extraHandlers: extraHandlers)
        } ?? LanesConfiguration()
    }

    /// A store over a new pool for these settings.
    public func makeStore(settings: StoreSettings = StoreSettings()) -> TaskStore {
        TaskStore(pool: ValkeyPool(configuration: valkey), keys: Keys(prefix: prefix), lanes: configuration.lanes, settings: settings,
                  operations: configuration.operations)
    }
}
