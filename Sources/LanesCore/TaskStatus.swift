/// Where a task is in its life. `completed`, `failed` and `cancelled` are final.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case queued, scheduled, waiting, running, completed, failed, cancelled

    /// True once the task can no longer change.
    public var isFinal: Bool { self == .completed || self == .failed || self == .cancelled }

    /// The statuses a task can still leave.
    public static let active: [TaskStatus] = [.queued, .scheduled, .waiting, .running]
    /// The statuses a task ends in.
    public static let final: [TaskStatus] = [.completed, .failed, .cancelled]
}
