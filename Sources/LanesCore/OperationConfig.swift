/// How an operation runs: which handler, with what settings, limits and retries.
public struct OperationConfig: Sendable, Equatable {
    /// The operation name tasks carry (`operation`).
    public var name: String
    /// The handler: `exec`, `http`, `noop`, `sleep`, `echo`, `fail`, or a Swift handler's name.
    public var handler: String
    /// Overrides the lane's timeout.
    public var timeoutSeconds: Int?
    /// Overrides the lane's retry policy.
    public var retry: RetryPolicy?
    /// Lanes this operation may run in; nil means any.
    public var lanes: [String]?
    /// `exec`: the command and its arguments.
    public var command: [String]?
    /// `exec`: extra environment variables.
    public var environment: [String: String]
    /// `http`: where to POST the task.
    public var url: String?
    /// `http`: extra request headers (e.g. `Authorization`).
    public var headers: [String: String]

    public init(
        name: String, handler: String, timeoutSeconds: Int? = nil, retry: RetryPolicy? = nil, lanes: [String]? = nil,
        command: [String]? = nil, environment: [String: String] = [:], url: String? = nil, headers: [String: String] = [:]
    ) {
        self.name = name
        self.handler = handler
        self.timeoutSeconds = timeoutSeconds
        self.retry = retry
        self.lanes = lanes
        self.command = command
        self.environment = environment
        self.url = url
        self.headers = headers
    }

    /// The handlers Lanes ships with, usable from configuration without writing Swift.
    public static let builtInHandlers: Set<String> = ["exec", "http", "noop", "sleep", "echo", "fail"]

    /// The trial operations every lane has unless the configuration says otherwise.
    public static let trials: [OperationConfig] = ["noop", "sleep", "echo", "fail"].map { OperationConfig(name: $0, handler: $0) }
}
