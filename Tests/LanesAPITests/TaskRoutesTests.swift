import Foundation
import Hummingbird
import HummingbirdTesting
import LanesCore
import LanesStore
import Testing
@testable import LanesAPI

@Suite("Task routes")
struct TaskRoutesTests {
    let base = "/api/v1/queue"

    @Test("a task's data and metadata come back byte for byte")
    func byteForByte() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let data = #"{"b": 1,  "a": [1.50, "x\u00e9", null],"nested":{"z":1e3}}"#
            let id = try await client.create(#"{"queue":"llm","operation":"echo","data":\#(data),"metadata":{ "user" : 7 }}"#)
            let reply = try await client.call(.get, "\(base)/tasks/\(id)", as: "read")
            #expect(reply.status == .ok)
            #expect(reply.text.contains(#""data":\#(data)"#))
            #expect(reply.text.contains(#""metadata":{ "user" : 7 }"#))
            #expect(reply.json["status"] as? String == "queued" && reply.json["error"] is NSNull && reply.json["progress"] is NSNull)
        }
    }

    @Test("an Idempotency-Key or a unique_key returns the existing task with 200")
    func idempotency() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let body = #"{"queue":"operations","operation":"noop","data":{}}"#
            let first = try await client.call(.post, "\(base)/tasks", body: body, headers: [.init("Idempotency-Key")!: "abc-1"])
            let second = try await client.call(.post, "\(base)/tasks", body: body, headers: [.init("Idempotency-Key")!: "abc-1"])
            #expect(first.status == .created && second.status == .ok)
            #expect(first.json["task_id"] as? String == second.json["task_id"] as? String)
            let unique = #"{"queue":"operations","operation":"noop","data":{},"unique_key":"report-7"}"#
            let u1 = try await client.call(.post, "\(base)/tasks", body: unique)
            let u2 = try await client.call(.post, "\(base)/tasks", body: unique)
            #expect(u1.status == .created && u2.status == .ok && u1.json["task_id"] as? String == u2.json["task_id"] as? String)
        }
    }

    struct BadCreate: Sendable, CustomTestStringConvertible {
        let body: String
        let status: Int
        let fragment: String
        var testDescription: String { body }
    }

    @Test("bad input to POST /tasks is a 4xx naming the field", arguments: [
        BadCreate(body: #"{"queue":"nope","operation":"x","data":{}}"#, status: 422, fragment: "configured queues: llm, operations"),
        BadCreate(body: #"{"queue":"llm","data":{}}"#, status: 422, fragment: "operation is required"),
        BadCreate(body: #"{"queue":"llm","operation":"x"}"#, status: 422, fragment: "data is required"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":"text"}"#, status: 422, fragment: "data must be a JSON object"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"priority":101}"#, status: 422, fragment: "priority must be a whole number in 0...100"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"priority":5.5}"#, status: 422, fragment: "priority"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"priority":"high"}"#, status: 422, fragment: "priority"),
        BadCreate(body: #"{"queue":7,"operation":"x","data":{}}"#, status: 422, fragment: "queue must be a string"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"metadata":[]}"#, status: 422, fragment: "metadata must be a JSON object"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"retry_on_crash":"yes"}"#, status: 422, fragment: "retry_on_crash"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"delay_seconds":5,"scheduled_for":"2030-01-01T00:00:00Z"}"#, status: 422, fragment: "not both"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"scheduled_for":"tomorrow"}"#, status: 422, fragment: "scheduled_for must be an ISO-8601"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"depends_on":["ffff0000"]}"#, status: 422, fragment: "unknown task id 'ffff0000'"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"depends_on":[1]}"#, status: 422, fragment: "is not a task id"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"colour":"red"}"#, status: 422, fragment: "colour: unknown field"),
        BadCreate(body: #"{"queue":"llm","operation":"x","data":{},"callback_url":"ftp://x"}"#, status: 422, fragment: "callback_url"),
        BadCreate(body: #"[1,2]"#, status: 422, fragment: "must be a JSON object"),
        BadCreate(body: #"{"queue":"llm","#, status: 400, fragment: "malformed JSON"),
        BadCreate(body: #"{"a":1} x"#, status: 400, fragment: "unexpected text"),
        BadCreate(body: String(repeating: "[", count: 5000), status: 400, fragment: "nested deeper"),
        BadCreate(body: "", status: 400, fragment: "empty"),
    ])
    func badCreate(_ c: BadCreate) async throws {
        let f = try APIFixture()
        try await f.run { client in
            let reply = try await client.call(.post, "\(base)/tasks", body: c.body)
            #expect(Int(reply.status.code) == c.status, "\(reply.text)")
            #expect(reply.errorMessage.contains(c.fragment), "\(reply.text)")
            #expect(reply.errorCode != nil)
        }
    }

    @Test("a body over the limit is refused with 413")
    func tooLarge() async throws {
        let f = try APIFixture(maxBody: 2048)
        try await f.run { client in
            let big = #"{"queue":"llm","operation":"x","data":{"s":"\#(String(repeating: "x", count: 5000))"}}"#
            let reply = try await client.call(.post, "\(base)/tasks", body: big)
            #expect(reply.status == .contentTooLarge && reply.errorCode == "body_too_large", "\(reply.status) \(reply.text)")
        }
    }

    @Test("listing filters by queue, status and operation, pages, and refuses bad parameters")
    func list() async throws {
        let f = try APIFixture()
        try await f.run { client in
            for i in 0..<3 { _ = try await client.create(#"{"queue":"operations","operation":"noop","data":{"i":\#(i)}}"#) }
            _ = try await client.create(#"{"queue":"llm","operation":"summarize","data":{}}"#)
            let page = try await client.call(.get, "\(base)/tasks?queues=operations&status=queued&limit=2&offset=1", as: "read")
            #expect(page.status == .ok)
            #expect((page.json["tasks"] as? [Any])?.count == 2 && page.json["total"] as? Int == 3)
            let pagination = page.json["pagination"] as? [String: Any]
            #expect(pagination?["has_more"] as? Bool == false && pagination?["limit"] as? Int == 2)
            let ops = try await client.call(.get, "\(base)/tasks?operation=summarize", as: "read")
            #expect(ops.json["total"] as? Int == 1)
            for bad in ["limit=0", "limit=abc", "offset=-1", "status=done", "queues=nope"] {
                let reply = try await client.call(.get, "\(base)/tasks?\(bad)", as: "read")
                #expect(reply.status == .unprocessableContent, "\(bad): \(reply.text)")
            }
        }
    }

    @Test("cancel, retry, execute, result and logs answer by the task's status")
    func actions() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let queued = try await client.create()
            #expect(try await client.call(.delete, "\(base)/tasks/\(queued)", as: "write").json["status"] as? String == "cancelled")
            #expect(try await client.call(.delete, "\(base)/tasks/\(queued)", as: "write").status == .badRequest)
            #expect(try await client.call(.delete, "\(base)/tasks/ffffffff", as: "write").status == .notFound)
            #expect(try await client.call(.post, "\(base)/tasks/\(queued)/retry", as: "write").status == .badRequest)

            let failing = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"max_retries":0}"#)
            let claimed = try #require(try await f.store.claim(lane: "operations", worker: "t"))
            #expect(claimed.id == failing)
            #expect(try await client.call(.post, "\(base)/tasks/\(failing)/execute", as: "write").status == .conflict)
            try await f.store.fail(claimed, error: "boom")
            let retried = try await client.call(.post, "\(base)/tasks/\(failing)/retry", as: "write")
            #expect(retried.status == .created && retried.json["original_task_id"] as? String == failing)
            let failed = try await client.call(.get, "\(base)/tasks/\(failing)", as: "read")
            #expect(failed.json["error"] as? String == "boom")
            let noResult = try await client.call(.get, "\(base)/tasks/\(failing)/result", as: "read")
            #expect(noResult.status == .ok && noResult.json["result"] is NSNull && noResult.json["status"] as? String == "failed")
            #expect(try await client.call(.get, "\(base)/tasks/ffffffffff/result", as: "read").status == .notFound)

            let low = try await client.create(#"{"queue":"llm","operation":"noop","data":{},"priority":0}"#)
            _ = try await client.create(#"{"queue":"llm","operation":"noop","data":{},"priority":100}"#)
            let executed = try await client.call(.post, "\(base)/tasks/\(low)/execute", as: "write")
            #expect(executed.status == .ok && executed.json["task_id"] as? String == low)
            #expect(try await client.call(.get, "\(base)/next?queue=llm", as: "read").json["task_id"] as? String == low)
            let done = try #require(try await f.store.claim(lane: "llm", worker: "t"))
            try await f.store.progress(done, logLines: ["line one"])
            try await f.store.complete(done, result: #"{"answer": 42}"#)
            #expect(try await client.call(.get, "\(base)/tasks/\(low)/result", as: "read").text.hasSuffix(#""result":{"answer": 42}}"#))
            #expect(try await client.call(.get, "\(base)/tasks/\(low)/logs", as: "read").json["lines"] as? [String] == ["line one"])
            #expect(try await client.call(.get, "\(base)/tasks/nope!/logs", as: "read").status == .notFound)
        }
    }

    @Test("bulk cancel by ids or metadata; cancel all; clear history")
    func bulk() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let a = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"metadata":{"user":7}}"#)
            let b = try await client.create(#"{"queue":"llm","operation":"noop","data":{},"metadata":{"user":8}}"#)
            let byIDs = try await client.call(.post, "\(base)/tasks/cancel", as: "write", body: #"{"task_ids":["\#(a)","ffff"]}"#)
            #expect(byIDs.json["cancelled_count"] as? Int == 1 && byIDs.json["requested_count"] as? Int == 2)
            #expect((byIDs.json["failed"] as? [[String: Any]])?.first?["task_id"] as? String == "ffff")
            let byMeta = try await client.call(.post, "\(base)/tasks/cancel", as: "write", body: #"{"metadata":{"user":8},"queue":"llm"}"#)
            #expect(byMeta.json["cancelled"] as? Int == 1)
            #expect(try await client.call(.post, "\(base)/tasks/cancel", as: "write", body: #"{"task_ids":["\#(b)"],"metadata":{"x":1}}"#).status == .badRequest)
            #expect(try await client.call(.post, "\(base)/tasks/cancel", as: "write", body: "{}").status == .badRequest)
            _ = try await client.create()
            let all = try await client.call(.delete, "\(base)/tasks?queue=operations")
            #expect(all.json["cancelled"] as? Int == 1 && all.json["queue"] as? String == "operations")
            let cleared = try await client.call(.delete, "\(base)/tasks/history?older_than_hours=0")
            #expect(cleared.json["cleared"] as? Int == 3)
            #expect(try await client.call(.delete, "\(base)/tasks/history?older_than_hours=9000").status == .unprocessableContent)
            #expect(try await client.call(.delete, "\(base)/tasks?queue=nope").status == .unprocessableContent)
        }
    }
}
