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

extension SlotBookTests {
    @Test("a task claimed with a completion takes over the finishing task's slot; never more than the slots")
    func handOver() {
        var book = SlotBook(capacity: ["operations": 2])
        _ = book.started("a", lane: "operations")
        _ = book.started("b", lane: "operations")
        #expect(book.refillable(["a", "b", "gone"], lane: "operations") == 2, "only tasks holding a slot count")
        let took = book.handOver("a", to: "c", lane: "operations")
        let again = book.handOver("a", to: "d", lane: "operations")
        #expect(took && !again, "a slot is handed over once")
        #expect(book.holds("c", lane: "operations") && !book.holds("a", lane: "operations") && book.free("operations") == 0)
        _ = book.finished("a", lane: "operations")
        #expect(book.free("operations") == 0, "the finished task's slot went to the claimed one")
    }

    @Test("a refill puts claimed tasks in the slots finishing tasks still hold, in order; the rest are given back")
    func refillSlots() {
        var book = SlotBook(capacity: ["operations": 2])
        _ = book.started("a", lane: "operations")
        _ = book.started("b", lane: "operations")
        _ = book.finished("b", lane: "operations")
        let placed = book.refill(["c", "d"], replacing: ["a", "b"], lane: "operations")
        #expect(placed == [true, false], "b no longer holds a slot")
        #expect(book.holds("c", lane: "operations") && !book.holds("a", lane: "operations"))
        #expect(book.refillable(["c"], lane: "operations") == 1, "two claimed for one slot is not a short claim")
    }

    @Test("a lane whose claim came back short is not refilled until a claim fills up again; draining refills nothing")
    func dryAndDraining() {
        var book = SlotBook(capacity: ["operations": 4])
        _ = book.started("a", lane: "operations")
        book.claimed(1, of: 4, lane: "operations")
        #expect(book.refillable(["a"], lane: "operations") == 0)
        book.claimed(3, of: 3, lane: "operations")
        #expect(book.refillable(["a"], lane: "operations") == 1)
        _ = book.drain()
        let handed = book.handOver("a", to: "b", lane: "operations")
        #expect(book.refillable(["a"], lane: "operations") == 0 && !handed)
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
