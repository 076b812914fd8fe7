/// A task as stored in its hash. JSON fields (`data`, `metadata`, `result`) are kept as the
/// exact text the user sent, so they come back byte for byte. The id and lane are not stored in the
/// hash (its key `P:{lane}:task:<id>` holds both), nor are fields at their defaults.
public struct TaskRecord: Sendable, Equatable {
    /// The priority of a hash without a `priority` field (the scripts read it the same way).
    public static let defaultPriority = 50
    /// The retries of a hash without a `max_retries` field (the scripts read it the same way).
    public static let defaultMaxRetries = 3

    public var id: String
    public var queue: String
    public var operation: String
    /// The task's input, raw JSON text.
    public var data: String
    /// Free-form labels, raw JSON text (an object).
    public var metadata: String
    /// 0-100, higher runs first.
    public var priority: Int
    public var status: TaskStatus
    /// Attempts spent so far (a graceful requeue gives one back).
    public var attempts: Int
    /// The fencing token of the latest claim; rises with every claim.
    public var token: Int
    public var maxRetries: Int
    public var retryOnCrash: Bool
    public var timeoutSeconds: Int?
    public var group: String?
    public var dependsOn: [String]
    public var uniqueKey: String?
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    public var scheduledFor: Int64?
    public var startedAt: Int64?
    public var completedAt: Int64?
    public var worker: String?
    /// 0...1, reported by the handler.
    public var progress: Double?
    public var progressMessage: String?
    public var error: String?
    /// The handler's result, raw JSON text.
    public var result: String?
    /// True once a cancel was asked for while the task ran.
    public var cancelRequested: Bool
    public var callbackURL: String?

    /// Reads task `id` of lane `queue` from its hash fields; nil when the hash is empty or damaged.
    public init?(id: String, queue: String, fields f: [String: String]) {
        guard let operation = f["operation"], let status = f["status"].flatMap(TaskStatus.init(rawValue:)) else { return nil }
        self.id = id
        self.queue = queue
        self.operation = operation
        self.status = status
        data = f["data"] ?? "{}"
        metadata = f["metadata"] ?? "{}"
        priority = f["priority"].flatMap { Int($0) } ?? Self.defaultPriority
        attempts = f["attempts"].flatMap { Int($0) } ?? 0
        token = f["token"].flatMap { Int($0) } ?? 0
        maxRetries = f["max_retries"].flatMap { Int($0) } ?? Self.defaultMaxRetries
        retryOnCrash = f["retry_on_crash"] != "0"
        timeoutSeconds = f["timeout_seconds"].flatMap { Int($0) }
        group = f["group"].nonEmpty
        dependsOn = f["depends_on"].nonEmpty?.split(separator: ",").map(String.init) ?? []
        uniqueKey = f["unique_key"].nonEmpty
        createdAt = f["created_at"].flatMap { Int64($0) } ?? 0
        scheduledFor = f["scheduled_for"].flatMap { Int64($0) }
        startedAt = f["started_at"].flatMap { Int64($0) }
        completedAt = f["completed_at"].flatMap { Int64($0) }
        worker = f["worker"].nonEmpty
        progress = f["progress"].flatMap { Double($0) }
        progressMessage = f["progress_message"].nonEmpty
        error = f["error"].nonEmpty
        result = f["result"].nonEmpty
        cancelRequested = f["cancel_requested"] == "1"
        callbackURL = f["callback_url"].nonEmpty
    }
}

extension Optional where Wrapped == String {
    /// nil for nil or "".
    var nonEmpty: String? {
        switch self {
        case .some(let s) where !s.isEmpty: return s
        default: return nil
        }
    }
}
