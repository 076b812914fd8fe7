/// A lane: a named queue with its own limits, timeout, retry policy and retention.
public struct LaneConfig: Sendable, Equatable {
    /// The lane's name, e.g. `llm`; letters, digits, `-` and `_`.
    public var name: String
    /// Slots per worker process.
    public var concurrency: Int
    /// Tasks running at once across all workers; nil means no limit.
    public var globalLimit: Int?
    /// Timeout of a task that names none, in seconds.
    public var defaultTimeoutSeconds: Int
    /// Retry policy of a task that names none.
    public var retry: RetryPolicy
    /// How long a finished task (and its result) is kept, in seconds.
    public var resultRetentionSeconds: Int

    public init(
        name: String, concurrency: Int, globalLimit: Int? = nil, defaultTimeoutSeconds: Int = 300,
        retry: RetryPolicy = RetryPolicy(), resultRetentionSeconds: Int = 7 * 24 * 3600
    ) {
        self.name = name
        self.concurrency = concurrency
        self.globalLimit = globalLimit
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
        self.retry = retry
        self.resultRetentionSeconds = resultRetentionSeconds
    }

    /// The two lanes Lanes ships with: `llm` (1 slot, 1 at a time cluster-wide) and `operations` (8 slots).
    public static let defaults: [LaneConfig] = [
        LaneConfig(name: "llm", concurrency: 1, globalLimit: 1),
        LaneConfig(name: "operations", concurrency: 8),
    ]

    /// True when `name` is a valid lane name.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" }
    }
}
