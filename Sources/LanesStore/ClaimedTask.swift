import LanesCore

/// A task a worker holds: the record as claimed and the fencing token every later write must carry.
public struct ClaimedTask: Sendable, Equatable {
    public let record: TaskRecord
    /// The claim's attempt token; a newer claim makes it stale.
    public let token: Int

    public var id: String { record.id }
    public var lane: String { record.queue }
}
