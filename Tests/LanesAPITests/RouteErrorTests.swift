import Foundation
import Hummingbird
import HummingbirdTesting
import LanesCore
import LanesStore
import LanesTestSupport
import Testing
@testable import LanesAPI

/// Each route's refusals, table-driven over tasks in every state.
@Suite("Route errors and edge cases")
struct RouteErrorTests {
    static let base = "/api/v1/queue"

    /// Tasks in known states: queued, running, failed, completed.
    struct Seeded: Sendable {
        let queued: String, running: String, failed: String, completed: String

        static func make(_ f: APIFixture) async throws -> Seeded {
            let store = f.store
            let failed = try await store.enqueue(NewTask(queue: "llm", operation: "noop", maxRetries: 0)).id
            let claimedFail = try #require(try await store.claim(lane: "llm", worker: "t"))
            _ = try await store.fail(claimedFail, error: "boom")
            let completed = try await store.enqueue(NewTask(queue: "llm", operation: "noop")).id
            let claimedDone = try #require(try await store.claim(lane: "llm", worker: "t"))
            try await store.complete(claimedDone, result: "7")
            let running = try await store.enqueue(NewTask(queue: "operations", operation: "noop")).id
            _ = try #require(try await store.claim(lane: "operations", worker: "t"))
            let queued = try await store.enqueue(NewTask(queue: "operations", operation: "noop")).id
            #expect(claimedFail.id == failed && claimedDone.id == completed)
            return Seeded(queued: queued, running: running, failed: failed, completed: completed)
        }

        func path(_ template: String) -> String {
            template.replacingOccurrences(of: "{queued}", with: queued).replacingOccurrences(of: "{running}", with: running)
                .replacingOccurrences(of: "{failed}", with: failed).replacingOccurrences(of: "{completed}", with: completed)
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        var body: String? = nil
        let status: Int
        let code: String
        var fragment = ""
        var testDescription: String { "\(method) \(path) \(body ?? "") -> \(status) \(code)" }
    }

    static let cases: [Case] = [
        // One task and its sub-resources.
        Case(method: .get, path: "/tasks/ffffffffffffffff", status: 404, code: "not_found", fragment: "task ffffffffffffffff not found"),
        Case(method: .get, path: "/tasks/bad%20id", status: 404, code: "not_found"),
        Case(method: .get, path: "/tasks/\(String(repeating: "a", count: 300))", status: 404, code: "not_found"),
        Case(method: .get, path: "/tasks/ffffffffffffffff/logs", status: 404, code: "not_found"),
        Case(method: .get, path: "/tasks/ffffffffffffffff/result", status: 404, code: "not_found"),
        Case(method: .delete, path: "/tasks/{completed}", status: 400, code: "already_final", fragment: "completed"),
        Case(method: .delete, path: "/tasks/{failed}", status: 400, code: "already_final"),
        Case(method: .delete, path: "/tasks/ffffffffffffffff", status: 404, code: "not_found"),
        Case(method: .post, path: "/tasks/{queued}/retry", status: 400, code: "not_failed", fragment: "only failed tasks"),
        Case(method: .post, path: "/tasks/{completed}/retry", status: 400, code: "not_failed"),
        Case(method: .post, path: "/tasks/ffffffffffffffff/retry", status: 404, code: "not_found"),
        Case(method: .post, path: "/tasks/{running}/execute", status: 409, code: "not_ready", fragment: "running"),
        Case(method: .post, path: "/tasks/{completed}/execute", status: 409, code: "not_ready", fragment: "completed"),
        Case(method: .post, path: "/tasks/ffffffffffffffff/execute", status: 404, code: "not_found"),
        // Creating.
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":{},"delay_seconds":-1}"#, status: 422, code: "invalid_request", fragment: "delay_seconds"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":{},"timeout_seconds":0}"#, status: 422, code: "invalid_request", fragment: "timeout_seconds"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"","data":{}}"#, status: 422, code: "invalid_request", fragment: "operation must be 1-200"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":null}"#, status: 422, code: "invalid_request", fragment: "data must be a JSON object, got null"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":{"n":1e999}}"#, status: 400, code: "malformed_json", fragment: "out of range"),
        Case(method: .post, path: "/tasks", body: "{\"queue\":\"llm\",\"operation\":\"x\",\"data\":{\"s\":\"\u{1}\"}}", status: 400, code: "malformed_json", fragment: "control character"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":{},"group":5}"#, status: 422, code: "invalid_request", fragment: "group must be a string"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":{},"max_retries":-1}"#, status: 422, code: "invalid_request", fragment: "max_retries"),
        Case(method: .post, path: "/tasks", body: #"{"queue":"llm","operation":"x","data":{},"depends_on":{}}"#, status: 422, code: "invalid_request", fragment: "depends_on must be"),
        // Listing.
        Case(method: .get, path: "/tasks?limit=1001", status: 422, code: "invalid_request", fragment: "limit must be a whole number in 1...1000"),
        Case(method: .get, path: "/tasks?offset=1.5", status: 422, code: "invalid_request", fragment: "offset"),
        Case(method: .get, path: "/tasks?queues=llm,,operations", status: 422, code: "invalid_request", fragment: "unknown queue ''"),
        // Bulk cancel.
        Case(method: .post, path: "/tasks/cancel", body: "{", status: 400, code: "malformed_json"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"task_ids":"abc"}"#, status: 400, code: "invalid_request", fragment: "task_ids must be a list"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"task_ids":[]}"#, status: 400, code: "invalid_request", fragment: "task_ids must be a list"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"task_ids":[7]}"#, status: 400, code: "invalid_request", fragment: "every item must be a string"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"metadata":{}}"#, status: 400, code: "invalid_request", fragment: "non-empty"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"metadata":[1]}"#, status: 400, code: "invalid_request", fragment: "metadata must be"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"metadata":{"u":1},"queue":"nope"}"#, status: 422, code: "invalid_request", fragment: "configured queues"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"metadata":{"u":1},"queue":3}"#, status: 422, code: "invalid_request", fragment: "queue must be a string"),
        Case(method: .post, path: "/tasks/cancel", body: #"{"metadata":{"u":1},"extra":1}"#, status: 400, code: "invalid_request", fragment: "extra: unknown field"),
        Case(method: .post, path: "/tasks/cancel", body: "[]", status: 400, code: "invalid_request", fragment: "JSON object"),
        // Cancel all and history.
        Case(method: .delete, path: "/tasks?queue=", status: 422, code: "invalid_request", fragment: "unknown queue ''"),
        Case(method: .delete, path: "/tasks/history?older_than_hours=abc", status: 422, code: "invalid_request", fragment: "older_than_hours"),
        Case(method: .delete, path: "/tasks/history?older_than_hours=-1", status: 422, code: "invalid_request", fragment: "older_than_hours"),
        Case(method: .delete, path: "/tasks/history?queue=nope", status: 422, code: "invalid_request", fragment: "configured queues"),
        // Queue views and reconcile.
        Case(method: .get, path: "/next?queue=nope", status: 422, code: "invalid_request", fragment: "configured queues: llm, operations"),
        Case(method: .get, path: "/stats/nope", status: 404, code: "not_found", fragment: "configured queues"),
        Case(method: .post, path: "/reconcile", body: "{oops", status: 400, code: "malformed_json"),
        Case(method: .post, path: "/reconcile", body: "[]", status: 422, code: "invalid_request", fragment: "JSON object"),
        Case(method: .post, path: "/reconcile", body: #"{"queue":1}"#, status: 422, code: "invalid_request", fragment: "queue must be a string"),
        Case(method: .post, path: "/reconcile", body: #"{"lane":"llm"}"#, status: 422, code: "invalid_request", fragment: "lane: unknown field"),
        // Routes that do not exist.
        Case(method: .get, path: "/taskz", status: 404, code: "not_found"),
        Case(method: .patch, path: "/tasks/{queued}", status: 405, code: "method_not_allowed", fragment: "allowed: GET, DELETE"),
        Case(method: .get, path: "/reconcile", status: 405, code: "method_not_allowed"),
    ]

    @Test("each route refuses what it cannot do with the right status and a JSON error", arguments: cases)
    func refusals(_ c: Case) async throws {
        let f = try APIFixture()
        let seeded = try await Seeded.make(f)
        try await f.run { client in
            let reply = try await client.call(c.method, Self.base + seeded.path(c.path), body: c.body)
            #expect(Int(reply.status.code) == c.status, "\(reply.text)")
            #expect(reply.errorCode == c.code, "\(reply.text)")
            #expect(c.fragment.isEmpty || reply.errorMessage.contains(seeded.path(c.fragment)), "\(reply.text)")
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test("a refused request changes nothing")
    func refusalsChangeNothing() async throws {
        let f = try APIFixture()
        let seeded = try await Seeded.make(f)
        let before = try await f.store.stats()
        try await f.run { client in
            for c in Self.cases where c.method != .get {
                _ = try await client.call(c.method, Self.base + seeded.path(c.path), body: c.body)
            }
        }
        #expect(try await f.store.stats() == before)
    }

    @Test("cancelling by metadata cancels only the tasks whose metadata holds every given field")
    func cancelByMetadataIsPrecise() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let a = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"metadata":{"user":7,"team":"x"}}"#)
            let b = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"metadata":{"user":8,"team":"x"}}"#)
            let c = try await client.create(#"{"queue":"llm","operation":"noop","data":{},"metadata":{"user":7}}"#)
            let d = try await client.create(#"{"queue":"operations","operation":"noop","data":{}}"#)
            let reply = try await client.call(.post, "\(Self.base)/tasks/cancel", as: "write", body: #"{"metadata":{"user":7.0,"team":"x"}}"#)
            #expect(reply.status == .ok && reply.json["cancelled"] as? Int == 1, "\(reply.text)")
            let none = try await client.call(.post, "\(Self.base)/tasks/cancel", as: "write", body: #"{"metadata":{"user":7},"queue":"operations"}"#)
            #expect(none.json["cancelled"] as? Int == 0)
            var statuses: [String] = []
            for id in [a, b, c, d] { statuses.append(try await f.store.task(id: id)?.status.rawValue ?? "?") }
            #expect(statuses == ["cancelled", "queued", "queued", "queued"])
        }
    }

    @Test("cancelling a running task asks its worker to stop, and cancel all covers every lane")
    func cancelRunningAndAll() async throws {
        let f = try APIFixture()
        let seeded = try await Seeded.make(f)
        try await f.run { client in
            _ = try await client.create(#"{"queue":"llm","operation":"noop","data":{}}"#)
            let all = try await client.call(.delete, "\(Self.base)/tasks")
            #expect(all.status == .ok && all.json["cancelled"] as? Int == 3 && all.json["queue"] is NSNull, "\(all.text)")
            let running = try await client.call(.delete, "\(Self.base)/tasks/\(seeded.running)", as: "write")
            #expect(running.status == .ok && running.json["status"] as? String == "cancelled" && running.json["was_running"] as? Bool == true)
            #expect(try await f.store.task(id: seeded.running)?.cancelRequested == true)
            let kept = try await client.call(.delete, "\(Self.base)/tasks/history?older_than_hours=1")
            #expect(kept.json["cleared"] as? Int == 0 && kept.json["queue"] is NSNull)
            let cleared = try await client.call(.delete, "\(Self.base)/tasks/history?queue=llm")
            #expect(cleared.json["cleared"] as? Int == 3 && cleared.json["queue"] as? String == "llm", "\(cleared.text)")
            #expect(try await client.call(.get, "\(Self.base)/tasks/\(seeded.failed)", as: "read").status == .notFound)
        }
    }

    @Test("delay_seconds and scheduled_for schedule the task; depends_on makes it wait; times are UTC ISO-8601")
    func scheduling() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let delayed = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"delay_seconds":60}"#)
            let at = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"scheduled_for":"2099-01-02T03:04:05+01:00"}"#)
            let child = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"depends_on":["\#(at)"]}"#)
            let now = try await client.create(#"{"queue":"operations","operation":"noop","data":{},"delay_seconds":0}"#)
            let d = try await client.call(.get, "\(Self.base)/tasks/\(delayed)", as: "read").json
            #expect(d["status"] as? String == "scheduled")
            let iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
            #expect((d["created_at"] as? String)?.wholeMatch(of: iso) != nil && (d["scheduled_for"] as? String)?.wholeMatch(of: iso) != nil, "\(d)")
            let a = try await client.call(.get, "\(Self.base)/tasks/\(at)", as: "read").json
            #expect(a["status"] as? String == "scheduled" && a["scheduled_for"] as? String == "2099-01-02T02:04:05.000Z")
            #expect(try await client.call(.get, "\(Self.base)/tasks/\(child)", as: "read").json["status"] as? String == "waiting")
            #expect(try await client.call(.get, "\(Self.base)/tasks/\(now)", as: "read").json["status"] as? String == "queued")
            let executed = try await client.call(.post, "\(Self.base)/tasks/\(delayed)/execute", as: "write")
            #expect(executed.status == .ok && executed.json["status"] as? String == "queued", "\(executed.text)")
        }
    }

    @Test("an Idempotency-Key whose task was cleared from history creates a new task instead of naming a missing one")
    func staleIdempotencyKey() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let body = #"{"queue":"operations","operation":"noop","data":{}}"#
            let header: HTTPFields = [.init("Idempotency-Key")!: "k-1"]
            let first = try await client.call(.post, "\(Self.base)/tasks", body: body, headers: header)
            let id1 = try #require(first.json["task_id"] as? String)
            #expect(try await client.call(.delete, "\(Self.base)/tasks/\(id1)").status == .ok)
            let again = try await client.call(.post, "\(Self.base)/tasks", body: body, headers: header)
            #expect(again.status == .ok && again.json["task_id"] as? String == id1, "a cancelled task is still the answer")
            #expect(try await client.call(.delete, "\(Self.base)/tasks/history").json["cleared"] as? Int == 1)
            let fresh = try await client.call(.post, "\(Self.base)/tasks", body: body, headers: header)
            let id2 = try #require(fresh.json["task_id"] as? String)
            #expect(fresh.status == .created && id2 != id1)
            #expect(try await client.call(.get, "\(Self.base)/tasks/\(id2)").status == .ok)
            let repeated = try await client.call(.post, "\(Self.base)/tasks", body: body, headers: header)
            #expect(repeated.status == .ok && repeated.json["task_id"] as? String == id2)
        }
    }

    @Test("a worker's registry entry shows in /workers")
    func workers() async throws {
        let f = try APIFixture()
        try await f.store.registerWorker(WorkerInfo(id: "w1", host: "box", pid: 42, slots: [("llm", 1), ("operations", 8)], running: ["abc"],
                                                    startedAt: 0, lastHeartbeat: Clock.nowMs()), ttlMs: 10_000)
        try await f.run { client in
            let reply = try await client.call(.get, "\(Self.base)/workers", as: "read")
            let worker = try #require((reply.json["workers"] as? [[String: Any]])?.first)
            #expect(worker["id"] as? String == "w1" && worker["host"] as? String == "box" && worker["pid"] as? Int == 42)
            #expect(worker["lanes"] as? [String] == ["llm", "operations"] && worker["slots"] as? [String: Int] == ["llm": 1, "operations": 8])
            #expect(worker["running"] as? [String] == ["abc"] && worker["started_at"] as? String == "1970-01-01T00:00:00.000Z")
        }
    }

    @Test("reconcile waits briefly for the cluster lock, and says 409 when another pass keeps it")
    func reconcileLock() async throws {
        let f = try APIFixture()
        #expect(try await f.store.tryLockReconcile(owner: "someone-else", ttlMs: 600))
        try await f.run { client in
            let waited = try await client.call(.post, "\(Self.base)/reconcile")
            #expect(waited.status == .ok, "\(waited.text)")
            #expect(try await f.store.tryLockReconcile(owner: "someone-else", ttlMs: 10_000))
            let busy = try await client.call(.post, "\(Self.base)/reconcile", body: #"{"queue":null}"#)
            #expect(busy.status == .conflict && busy.errorCode == "busy", "\(busy.text)")
            try await f.store.unlockReconcile(owner: "someone-else")
        }
    }

    @Test("with Valkey down every kind of route answers 503 quickly, and the probes tell it apart")
    func valkeyDownEverywhere() async throws {
        let server = try PrivateValkey()
        let f = try APIFixture(valkeyURL: server.url)
        try await f.run { client in
            let id = try await client.create()
            server.kill()
            for (method, path, body) in [
                (HTTPRequest.Method.post, "/tasks", #"{"queue":"llm","operation":"x","data":{}}"#), (.get, "/tasks", nil), (.get, "/stats", nil),
                (.delete, "/tasks/\(id)", nil), (.post, "/tasks/cancel", #"{"task_ids":["\#(id)"]}"#), (.post, "/reconcile", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                let start = ContinuousClock.now
                let reply = try await client.call(method, Self.base + path, body: body)
                #expect(reply.status == .serviceUnavailable && reply.errorCode == "unavailable", "\(method) \(path): \(reply.text)")
                #expect(ContinuousClock.now - start < .seconds(3), "\(method) \(path) took too long")
            }
            #expect(try await client.call(.get, "/healthz", as: nil).status == .ok)
            #expect(try await client.call(.get, "/readyz", as: nil).status == .serviceUnavailable)
            try server.start()
            // Each pooled connection retries after its back-off (at most 2 s), so within a few
            // seconds every request succeeds again, with no restart of the app.
            #expect(await eventually(timeout: .seconds(10)) { (try? await client.call(.get, "/readyz", as: nil))?.status == .ok })
            #expect(await eventually(timeout: .seconds(10)) {
                var allOK = true
                for _ in 0..<4 { allOK = (try? await client.call(.get, "\(Self.base)/tasks/\(id)"))?.status == .ok && allOK }
                return allOK
            })
            let cancelled = try await client.call(.delete, "\(Self.base)/tasks/\(id)")
            #expect(cancelled.status == .ok, "\(cancelled.text)")
        }
        server.kill()
    }
}
