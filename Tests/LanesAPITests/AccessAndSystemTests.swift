import Foundation
import Hummingbird
import HummingbirdTesting
import LanesCore
import LanesStore
import LanesTestSupport
import Testing
@testable import LanesAPI

@Suite("Access, system routes and failure")
struct AccessAndSystemTests {
    let base = "/api/v1/queue"

    /// Every route with a concrete path, and the role it needs (nil: open).
    static let matrix: [(method: HTTPRequest.Method, path: String, role: Role?)] = RouteTable.standard.routes.map { route in
        let path = route.path.replacingOccurrences(of: "{id}", with: "ffffffffffff").replacingOccurrences(of: "{queue}", with: "llm")
            .replacingOccurrences(of: "{group}", with: "g").replacingOccurrences(of: "{name}", with: "s")
        return (route.method, path, route.role)
    }

    @Test("every route refuses a missing key with 401 and a weak role with 403; stronger roles pass")
    func roleMatrix() async throws {
        let f = try APIFixture()
        try await f.run { client in
            for entry in Self.matrix where entry.path.hasSuffix("/events") == false && !entry.path.hasSuffix("/wait") {
                for caller in [nil, "read", "write", "admin"] as [String?] {
                    let reply = try await client.call(entry.method, entry.path, as: caller, body: entry.method == .get ? nil : "{}")
                    let label = "\(entry.method) \(entry.path) as \(caller ?? "nobody"): \(reply.status) \(reply.text.prefix(120))"
                    guard let needed = entry.role else {
                        #expect(reply.status != .unauthorized && reply.status != .forbidden, "\(label)")
                        continue
                    }
                    let role = caller.flatMap(Role.init(name:))
                    if role == nil {
                        #expect(reply.status == .unauthorized, "\(label)")
                    } else if role! < needed {
                        #expect(reply.status == .forbidden, "\(label)")
                    } else {
                        #expect(reply.status != .unauthorized && reply.status != .forbidden, "\(label)")
                    }
                    #expect(reply.status.code < 500 || reply.status == .serviceUnavailable, "\(label)")
                }
            }
            #expect(try await client.call(.get, "\(base)/tasks", as: "wrong-key").status == .unauthorized)
        }
    }

    @Test("health, readiness, stats, next, workers and reconcile")
    func systemRoutes() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let health = try await client.call(.get, "\(base)/health", as: nil)
            #expect(health.status == .ok && health.json["status"] as? String == "healthy" && health.json["system"] as? String == "valkey")
            #expect(try await client.call(.get, "/healthz", as: nil).status == .ok)
            #expect(try await client.call(.get, "/readyz", as: nil).status == .ok)
            _ = try await client.create()
            let stats = try await client.call(.get, "\(base)/stats", as: "read")
            #expect((stats.json["by_status"] as? [String: Int])?["queued"] == 1 && stats.json["total"] as? Int == 1)
            #expect((stats.json["queues"] as? [[String: Any]])?.map { $0["queue"] as? String } == ["llm", "operations"])
            #expect(try await client.call(.get, "\(base)/stats/operations", as: "read").json["queued"] as? Int == 1)
            #expect(try await client.call(.get, "\(base)/stats/nope", as: "read").status == .notFound)
            #expect(try await client.call(.get, "\(base)/next?queue=llm", as: "read").status == .noContent)
            #expect(try await client.call(.get, "\(base)/next", as: "read").status == .unprocessableContent)
            #expect(try await client.call(.get, "\(base)/workers", as: "read").json["total"] as? Int == 0)
            let reconcile = try await client.call(.post, "\(base)/reconcile", body: #"{"queue":"llm"}"#)
            #expect(reconcile.status == .ok && reconcile.json["recovered_orphans"] as? Int == 0)
            #expect(try await client.call(.post, "\(base)/reconcile").status == .ok)
            #expect(try await client.call(.post, "\(base)/reconcile", body: #"{"queue":"x"}"#).status == .unprocessableContent)
        }
    }

    @Test("unknown routes are 404 and wrong methods 405, both as JSON")
    func unknownRoutes() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let missing = try await client.call(.get, "/api/v1/queue/nothing", as: "read")
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
            let wrong = try await client.call(.put, "\(base)/stats", as: "read")
            #expect(wrong.status == .methodNotAllowed && wrong.headers[.allow] == "GET")
        }
    }

    @Test("the OpenAPI document lists every route")
    func openAPI() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let reply = try await client.call(.get, "/api/v1/openapi.json", as: nil)
            let paths = try #require(reply.json["paths"] as? [String: [String: Any]])
            for route in RouteTable.standard.routes {
                #expect(paths[route.path]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(route.path) is documented")
            }
        }
    }

    @Test("with Valkey down the API answers 503 within the timeout, and serves again when it returns")
    func valkeyDown() async throws {
        let server = try PrivateValkey()
        let f = try APIFixture(valkeyURL: server.url)
        try await f.run { client in
            let id = try await client.create()
            server.kill()
            let start = ContinuousClock.now
            let down = try await client.call(.get, "\(base)/tasks/\(id)", as: "read")
            #expect(down.status == .serviceUnavailable && down.errorCode == "unavailable")
            #expect(ContinuousClock.now - start < .seconds(3))
            #expect(try await client.call(.get, "/readyz", as: nil).status == .serviceUnavailable)
            let health = try await client.call(.get, "\(base)/health", as: nil)
            #expect(health.status == .ok && health.json["connected"] as? Bool == false)
            try server.start()
            let back = await eventually(timeout: .seconds(10)) {
                (try? await client.call(.get, "\(base)/tasks/\(id)", as: "read"))?.status == .ok
            }
            #expect(back)
        }
    }
}

@Suite("Batches, groups, schedules and waiting")
struct BatchGroupScheduleTests {
    let base = "/api/v1/queue"

    @Test("a batch creates every task in order, or none when one is bad")
    func batch() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let items = (0..<5).map { #"{"queue":"\#($0 % 2 == 0 ? "llm" : "operations")","operation":"noop","data":{"i":\#($0)},"group":"g1"}"# }
            let reply = try await client.call(.post, "\(base)/tasks/batch", as: "write", body: #"{"tasks":[\#(items.joined(separator: ","))]}"#)
            #expect(reply.status == .created && (reply.json["task_ids"] as? [String])?.count == 5)
            let bad = try await client.call(.post, "\(base)/tasks/batch", as: "write", body: #"{"tasks":[\#(items[0]),{"queue":"llm","operation":"x","data":{},"priority":500}]}"#)
            #expect(bad.status == .unprocessableContent && bad.errorMessage.contains("tasks[1].priority"))
            #expect(try await client.call(.get, "\(base)/stats", as: "read").json["total"] as? Int == 5)
            let group = try await client.call(.get, "\(base)/groups/g1", as: "read")
            #expect(group.json["total"] as? Int == 5 && (group.json["counts"] as? [String: Int])?["queued"] == 5)
            #expect(try await client.call(.delete, "\(base)/groups/g1", as: "write").json["cancelled"] as? Int == 5)
            #expect(try await client.call(.get, "\(base)/groups/none", as: "read").status == .notFound)
        }
    }

    @Test("schedules are created, listed, paused and deleted; a bad expression names the part")
    func schedules() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let body = #"{"name":"morning","cron":"0 6 * * MON-FRI","timezone":"Europe/Berlin","task":{"queue":"operations","operation":"noop","data":{"x":1}}}"#
            let created = try await client.call(.post, "\(base)/schedules", body: body)
            #expect(created.status == .created && created.json["next_run_at"] is String)
            #expect((try await client.call(.get, "\(base)/schedules", as: "read").json["schedules"] as? [Any])?.count == 1)
            #expect(try await client.call(.post, "\(base)/schedules/morning/pause").json["paused"] as? Bool == true)
            #expect(try await client.call(.post, "\(base)/schedules/morning/resume").json["paused"] as? Bool == false)
            let bad = try await client.call(.post, "\(base)/schedules", body: body.replacingOccurrences(of: "0 6", with: "0 25"))
            #expect(bad.status == .unprocessableContent && bad.errorMessage.contains("hour field: '25'"))
            let zone = try await client.call(.post, "\(base)/schedules", body: body.replacingOccurrences(of: "Europe/Berlin", with: "Mars/Base"))
            #expect(zone.status == .unprocessableContent && zone.errorMessage.contains("timezone"))
            #expect(try await client.call(.delete, "\(base)/schedules/morning").status == .ok)
            #expect(try await client.call(.get, "\(base)/schedules/morning", as: "read").status == .notFound)
        }
    }

    @Test("waiting returns as soon as the task is final, or its current state at the timeout")
    func wait() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let id = try await client.create()
            let timedOut = try await client.call(.get, "\(base)/tasks/\(id)/wait?timeout=0.3", as: "read")
            #expect(timedOut.json["status"] as? String == "queued")
            let store = f.store
            Task {
                try await Task.sleep(for: .milliseconds(300))
                if let claimed = try await store.claim(lane: "operations", worker: "t") { try await store.complete(claimed, result: "1") }
            }
            let start = ContinuousClock.now
            let done = try await client.call(.get, "\(base)/tasks/\(id)/wait?timeout=30", as: "read")
            #expect(done.json["status"] as? String == "completed")
            #expect(ContinuousClock.now - start < .seconds(15), "woken by the completion, not by the 30 s timeout")
            #expect(try await client.call(.get, "\(base)/tasks/\(id)/wait?timeout=999", as: "read").status == .unprocessableContent)
        }
    }
}
