import Foundation
import Hummingbird
import HummingbirdTesting
import LanesTestSupport
import Logging
import Synchronization
import Testing
@testable import LanesAPI

extension LogCapture {
    /// The one-line records of mutating requests.
    var audit: [Record] { records.withLock { $0 }.filter { $0.metadata["audit"] == "mutation" } }
}

@Suite("Audit log")
struct AuditLogTests {
    let base = "/api/v1/queue"

    @Test("every mutating request is one log line with route, key name, task ids, status and outcome; reads are not logged")
    func oneLinePerMutation() async throws {
        let f = try APIFixture()
        let capture = LogCapture()
        let base = self.base
        try await f.run(logger: capture.logger) { client in
            let id = try await client.create()
            _ = try await client.call(.get, "\(base)/tasks/\(id)", as: "read")
            _ = try await client.call(.post, "\(base)/tasks", as: "write", body: #"{"queue":"nope","operation":"x","data":{}}"#)
            _ = try await client.call(.delete, "\(base)/tasks/\(id)", as: nil)
            _ = try await client.call(.delete, "\(base)/tasks", as: "write")
            _ = try await client.call(.delete, "\(base)/tasks/\(id)", as: "write")
            _ = try await client.call(.post, "\(base)/tasks/cancel", as: "write", body: #"{"task_ids":["\#(id)"]}"#)

            let lines = capture.audit
            #expect(lines.count == 6, "\(lines.map(\.text))")
            guard lines.count == 6 else { return }
            func expect(_ index: Int, _ expected: [String: String]) {
                for (key, value) in expected {
                    #expect(lines[index].metadata[key] == value, "line \(index) \(key): \(lines[index].text)")
                }
            }
            expect(0, ["route": "\(base)/tasks", "method": "POST", "key": "ops", "action": "create", "task_ids": id, "status": "201", "outcome": "created"])
            expect(1, ["route": "\(base)/tasks", "key": "app", "status": "422", "task_ids": ""])
            #expect(lines[1].metadata["outcome"]?.hasPrefix("invalid_request: unknown queue 'nope'") == true)
            expect(2, ["route": "\(base)/tasks/{id}", "method": "DELETE", "key": "-", "task_ids": id, "status": "401"])
            expect(3, ["route": "\(base)/tasks", "method": "DELETE", "key": "app", "status": "403"])
            expect(4, ["action": "cancel", "key": "app", "task_ids": id, "status": "200", "outcome": "cancelled"])
            expect(5, ["action": "cancel_ids", "task_ids": id, "status": "200"])
        }
        let everything = capture.records.withLock { $0 }.map(\.text).joined(separator: "\n")
        for secret in APIFixture.keys.values { #expect(!everything.contains(secret), "a secret was logged") }
    }

    @Test("user text in a refusal cannot break the log line")
    func cleanOutcome() {
        #expect(AuditMiddleware<APIRequestContext>.clean("a\nb\r\u{2028}c\u{0}") == "a b  c ")
        #expect(AuditMiddleware<APIRequestContext>.clean(String(repeating: "x", count: 1000)).count == 300)
    }
}
