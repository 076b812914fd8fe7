import LanesCore
import ValkeyClient

/// One state change from a lane's events stream.
public struct TaskEvent: Sendable, Equatable {
    public var lane: String
    /// The stream entry id (`<ms>-<seq>`), ordered within the lane.
    public var streamID: String
    /// created, started, progress, completed, failed, cancelled, cancelling, retrying, recovered, queued, requeued.
    public var event: String
    public var taskID: String
    public var status: String
    /// Every field of the entry (progress, message, error...).
    public var fields: [String: String]

    /// True for events after which the task cannot change.
    public var isFinal: Bool { TaskStatus(rawValue: status)?.isFinal ?? false }
}

/// A position in every lane's events stream; as text `llm=1700000000000-0,operations=...`.
public struct EventCursor: Sendable, Equatable, CustomStringConvertible {
    public var positions: [String: String]

    public init(positions: [String: String] = [:]) { self.positions = positions }

    /// Parses the text form; nil when malformed.
    public init?(_ text: String) {
        var positions: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, Self.isStreamID(pieces[1]) else { return nil }
            positions[pieces[0]] = pieces[1]
        }
        self.positions = positions
    }

    public var description: String { positions.keys.sorted().map { "\($0)=\(positions[$0]!)" }.joined(separator: ",") }

    /// The cursor moved past `event`.
    public func advanced(past event: TaskEvent) -> EventCursor {
        var copy = self
        copy.positions[event.lane] = event.streamID
        return copy
    }

    static func isStreamID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}

extension TaskStore {
    /// The position just after the newest event of each lane (where a live reader starts).
    public func latestEventCursor() async throws(StoreError) -> EventCursor {
        let replies = try await pipeline(laneNames.map { ["XREVRANGE", keys.events($0), "+", "-", "COUNT", "1"] })
        var cursor = EventCursor()
        for (l, reply) in zip(laneNames, replies) {
            cursor.positions[l] = reply.array?.first?.array?.first?.string ?? "0-0"
        }
        return cursor
    }

    /// Events after `cursor` (lanes missing from it start at the beginning of their stream kept).
    /// With `blockMs` it waits on `connection` (a dedicated one) until an event arrives or time passes;
    /// without, it reads what is there through the pool.
    public func readEvents(after cursor: EventCursor, count: Int = 500, blockMs: Int? = nil, connection: ValkeyConnection? = nil) async throws(StoreError) -> [TaskEvent] {
        var command = ["XREAD", "COUNT", String(count)]
        if let blockMs { command += ["BLOCK", String(blockMs)] }
        command += ["STREAMS"] + laneNames.map { keys.events($0) } + laneNames.map { cursor.positions[$0] ?? "0-0" }
        let reply: ValkeyReply
        do {
            if let blockMs, let connection {
                reply = try await pool.blocking(command, on: connection, waitMs: blockMs)
            } else {
                reply = try await pool.send(command)
            }
        } catch {
            throw StoreError.from(error)
        }
        var events: [TaskEvent] = []
        for stream in reply.array ?? [] {
            guard let parts = stream.array, parts.count == 2, let key = parts[0].string,
                let lane = laneNames.first(where: { keys.events($0) == key })
            else { continue }
            for entry in parts[1].array ?? [] {
                guard let pieces = entry.array, pieces.count == 2, let id = pieces[0].string else { continue }
                let fields = pieces[1].dictionary
                events.append(TaskEvent(lane: lane, streamID: id, event: fields["event"] ?? "", taskID: fields["task_id"] ?? "",
                                        status: fields["status"] ?? "", fields: fields))
            }
        }
        return events
    }
}
