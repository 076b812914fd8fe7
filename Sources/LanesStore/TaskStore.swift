import LanesCore
import ValkeyClient

/// Every task transition as one atomic script behind a typed async method, plus the read side.
public struct TaskStore: Sendable {
    /// The connection pool all calls share.
    public let pool: ValkeyPool
    /// Key builder (prefix).
    public let keys: Keys
    /// The configured lanes, by name.
    public let lanes: [String: LaneConfig]
    /// Lane names in configuration order.
    public let laneNames: [String]
    public let settings: StoreSettings
    /// Operations from config/, for their default retry counts.
    public let operations: [String: OperationConfig]
    /// Per lane: completions that meet go to Valkey in one script call.
    private(set) var completions: [String: Coalescer<Completion, [String]>] = [:]

    public init(pool: ValkeyPool, keys: Keys = Keys(), lanes: [LaneConfig] = LaneConfig.defaults, settings: StoreSettings = StoreSettings(),
                operations: [String: OperationConfig] = [:]) {
        self.pool = pool
        self.operations = operations
        self.keys = keys
        self.lanes = Dictionary(lanes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.laneNames = lanes.map(\.name)
        self.settings = settings
        // The coalescers write through a copy made before they exist: writing a batch needs none.
        let store = self
        completions = Dictionary(uniqueKeysWithValues: laneNames.map { lane in
            (lane, Coalescer(most: Self.mostCompletionsPerCall, inFlight: Self.completionCallsInFlight) { await store.complete($0, lane: lane) })
        })
    }

    /// The lane's configuration, or `invalidInput` naming the configured lanes.
    public func lane(_ name: String) throws(StoreError) -> LaneConfig {
        guard let lane = lanes[name] else { throw unknownLane(name) }
        return lane
    }

    /// `invalidInput` naming the unknown lane and the configured ones.
    func unknownLane(_ name: String) -> StoreError {
        StoreError(.invalidInput, "unknown queue '\(name)'; configured queues: \(laneNames.joined(separator: ", "))")
    }

    /// Runs one script call and maps client errors to store errors.
    func run(_ script: ValkeyScript, keys: [String], args: [String]) async throws(StoreError) -> ValkeyReply {
        do {
            return try await pool.run(script, keys: keys, args: args)
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Runs several script calls, then the plain commands `extra`, in one round trip.
    func run(_ calls: [ScriptCall], extra: [[String]] = []) async throws(StoreError) -> [ValkeyReply] {
        do {
            return try await pool.run(calls, extra: extra)
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Sends plain commands in one round trip.
    func pipeline(_ commands: [[String]]) async throws(StoreError) -> [ValkeyReply] {
        do {
            return try await pool.pipeline(commands)
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Retention of finished tasks in a lane, in ms.
    func retentionMs(_ lane: String) -> String {
        String(Int64(lanes[lane]?.resultRetentionSeconds ?? 7 * 24 * 3600) * 1000)
    }

    var eventsCap: String { String(settings.eventsCap) }

    /// True when Valkey answers PING.
    public func ping() async -> Bool {
        (try? await pool.send(["PING"]))?.string == "PONG"
    }
}

extension ValkeyReply {
    /// Maps a script's `STALE`/`NOTREADY` error replies to store errors.
    func checked(_ what: String) throws(StoreError) -> ValkeyReply {
        guard case .error(let message) = self else { return self }
        if message.hasPrefix("STALE") { throw StoreError(.stale, "\(what): \(message)") }
        throw StoreError(.invalidState, "\(what): \(message)")
    }
}
