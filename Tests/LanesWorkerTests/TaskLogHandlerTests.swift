import LanesTestSupport
import Logging
import Testing
@testable import LanesWorker

@Suite("A task's log metadata")
struct TaskLogHandlerTests {
    @Test("each written line carries the task's metadata; a line's own metadata wins; the level is the base handler's")
    func metadataAtWrite() {
        let recorded = LogCapture()
        var base = recorded.logger
        base.logLevel = .info
        base[metadataKey: "worker"] = "w1"
        let log = base.adding(["task_id": "t1", "lane": "llm"])
        log.debug("not written at level info")
        log.info("started", metadata: ["lane": "operations"])
        let written = recorded.records.withLock { $0 }
        #expect(written.count == 1)
        #expect(written.first?.message == "started")
        #expect(written.first?.metadata == ["worker": "w1", "task_id": "t1", "lane": "operations"])
        #expect(log.logLevel == .info)
        #expect(base[metadataKey: "task_id"] == nil, "the worker's own logger is left as it was")
    }
}
