/// What a client asks to enqueue. Validated before it reaches the store.
public struct NewTask: Sendable, Equatable {
    public var queue: String
    public var operation: String
    /// Raw JSON text of an object.
    public var data: String
    /// Raw JSON text of an object.
    public var metadata: String
    public var priority: Int
    public var maxRetries: Int?
    public var retryOnCrash: Bool
    public var timeoutSeconds: Int?
    public var group: String?
    public var dependsOn: [String]
    public var uniqueKey: String?
    /// When to run, milliseconds since the epoch; nil runs now.
    public var runAt: Int64?
    /// The client's `Idempotency-Key`; a repeat returns the first task.
    public var idempotencyKey: String?
    public var callbackURL: String?

    public init(
        queue: String, operation: String, data: String = "{}", metadata: String = "{}", priority: Int = TaskRecord.defaultPriority,
        maxRetries: Int? = nil, retryOnCrash: Bool = true, timeoutSeconds: Int? = nil, group: String? = nil,
        dependsOn: [String] = [], uniqueKey: String? = nil, runAt: Int64? = nil, idempotencyKey: String? = nil,
        callbackURL: String? = nil
    ) {
        self.queue = queue
        self.operation = operation
        self.data = data
        self.metadata = metadata
        self.priority = priority
        self.maxRetries = maxRetries
        self.retryOnCrash = retryOnCrash
        self.timeoutSeconds = timeoutSeconds
        self.group = group
        self.dependsOn = dependsOn
        self.uniqueKey = uniqueKey
        self.runAt = runAt
        self.idempotencyKey = idempotencyKey
        self.callbackURL = callbackURL
    }

    /// Priorities a task may have; higher runs first.
    public static let priorityRange = 0...100
}
