import Logging
import Synchronization
import Testing
@testable import LanesWorker

@Suite("A task's log metadata")
struct TaskLogHandlerTests {
    /// The lines written, with their metadata.
    final class Written: Sendable {
        let events = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
    }

    /// Keeps what it is asked to write.
    struct RecordingHandler: LogHandler {
        let written: Written
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            written.events.withLock { $0.append(("\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 })) }
        }
    }

    @Test("each written line carries the task's metadata; a line's own metadata wins; the level is the base handler's")
    func metadataAtWrite() {
        let recorded = Written()
        var base = Logger(label: "test") { _ in RecordingHandler(written: recorded) }
        base[metadataKey: "worker"] = "w1"
        let log = base.adding(["task_id": "t1", "lane": "llm"])
        log.debug("not written at level info")
        log.info("started", metadata: ["lane": "operations"])
        let written = recorded.events.withLock { $0 }
        #expect(written.count == 1)
        #expect(written.first?.message == "started")
        #expect(written.first?.metadata == ["worker": "w1", "task_id": "t1", "lane": "operations"])
        #expect(log.logLevel == .info)
        #expect(base[metadataKey: "task_id"] == nil, "the worker's own logger is left as it was")
    }
}
