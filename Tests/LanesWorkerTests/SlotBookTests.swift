import Testing
@testable import LanesWorker

@Suite("Slots and shutdown, without I/O")
struct SlotBookTests {
    @Test("a lane never runs more tasks than its slots")
    func slots() {
        var book = SlotBook(capacity: ["llm": 1, "operations": 2])
        let first = book.started("a", lane: "llm")
        let second = book.started("b", lane: "llm")
        #expect(first && !second)
        #expect(book.free("operations") == 2)
        let c = book.started("c", lane: "operations"), d = book.started("d", lane: "operations")
        #expect(c && d && book.free("operations") == 0)
        let canStop = book.finished("c", lane: "operations")
        #expect(!canStop && book.free("operations") == 1)
    }

    @Test("draining stops claims; the worker may stop once the last task finishes")
    func drain() {
        var book = SlotBook(capacity: ["operations": 8])
        _ = book.started("a", lane: "operations")
        let idle = book.drain()
        let late = book.started("b", lane: "operations")
        #expect(!idle && !late && book.free("operations") == 0)
        let canStop = book.finished("a", lane: "operations")
        #expect(canStop)
    }

    @Test("an idle worker may stop at once; after the grace period the rest is handed back")
    func stop() {
        var idle = SlotBook(capacity: ["llm": 1])
        let idleNow = idle.drain()
        #expect(idleNow)
        var busy = SlotBook(capacity: ["llm": 1, "operations": 2])
        _ = busy.started("x", lane: "llm")
        _ = busy.started("y", lane: "operations")
        _ = busy.drain()
        let handedBack = busy.stop()
        #expect(handedBack == ["x", "y"] && busy.phase == .stopping)
    }
}

@Suite("exec output lines")
struct ExecLineTests {
    @Test("progress, log and result lines are understood; other lines are logged", arguments: [
        (#"{"progress": 0.4, "message": "reading"}"#, ExecLine.progress(0.4, "reading")),
        (#"{"log": "hello"}"#, ExecLine.log("hello")),
        (#"{"result": {"rows": 3}}"#, ExecLine.result(#"{"rows":3}"#)),
        (#"{"result": null}"#, ExecLine.result("null")),
        ("plain text", ExecLine.other("plain text")),
        (#"{"other": 1}"#, ExecLine.other(#"{"other": 1}"#)),
    ])
    func parse(line: String, expected: ExecLine) {
        #expect(ExecLine.parse(line) == expected)
    }
}
