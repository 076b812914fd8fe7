import Logging
import Synchronization

/// Collects log records in memory, each with its handler's and its own metadata merged.
public final class LogCapture: Sendable {
    public struct Record: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]
        /// The message and its metadata as one line (`key=value`, sorted).
        public var text: String { message + " " + metadata.map { "\($0)=\($1)" }.sorted().joined(separator: " ") }
    }

    public let records = Mutex<[Record]>([])

    public init() {}

    /// A logger writing into this capture at level trace.
    public var logger: Logger {
        Logger(label: "lanes.test") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }.mapValues { "\($0)" }
            capture.records.withLock { $0.append(Record(level: event.level, message: event.message.description, metadata: all)) }
        }
    }
}
