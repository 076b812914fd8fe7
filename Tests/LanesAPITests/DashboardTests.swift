import Foundation
import Hummingbird
import HummingbirdTesting
import LanesTestSupport
import Testing
@testable import LanesAPI

@Suite("Dashboard")
struct DashboardTests {
    let base = "/api/v1/queue"

    @Test("the page is served at / without a key, under a strict Content-Security-Policy and nosniff")
    func page() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let page = try await client.call(.get, "/", as: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains(#"<script type="module" src="/dashboard/app.js"></script>"#))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"] {
                #expect(policy.contains(directive), "\(directive) in \(policy)")
            }
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(page.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
        }
    }

    @Test("every bundled file is served under /dashboard/ with its media type and the same headers, no key needed")
    func files() async throws {
        let bundled = DashboardFiles.bundled.files
        for name in ["index.html", "app.js", "api.js", "events.js", "style.css", "icon.svg"] {
            #expect(bundled[name] != nil, "\(name) is bundled")
        }
        let f = try APIFixture()
        try await f.run { client in
            for (name, file) in bundled {
                let reply = try await client.call(.get, "/dashboard/\(name)", as: nil)
                #expect(reply.status == .ok, "\(name)")
                #expect(reply.headers[.contentType] == file.contentType, "\(name)")
                #expect(reply.headers[.contentSecurityPolicy] == DashboardController.contentSecurityPolicy, "\(name)")
                #expect(reply.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(name)")
            }
            #expect(try await client.call(.get, "/dashboard/app.js", as: nil).headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await client.call(.get, "/dashboard/style.css", as: nil).headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await client.call(.get, "/dashboard/icon.svg", as: nil).headers[.contentType] == "image/svg+xml")
        }
    }

    @Test("an unknown dashboard file is a JSON 404, and no path reaches a file outside the dashboard's folder")
    func unknownFiles() async throws {
        let f = try APIFixture()
        try await f.run { client in
            for path in ["/dashboard/nope.js", "/dashboard/", "/dashboard/..%2FOpenAPI%2Fopenapi.json", "/dashboard/%2E%2E%2Fopenapi.json",
                         "/dashboard/../OpenAPI/openapi.json", "/dashboard/.hidden", "/dashboard/index.html/x"] {
                let reply = try await client.call(.get, path, as: nil)
                #expect(reply.status == .notFound, "\(path): \(reply.status)")
                #expect(reply.errorCode == "not_found", "\(path): \(reply.text.prefix(120))")
            }
            let post = try await client.call(.post, "/", as: nil, body: "{}")
            #expect(post.status.code >= 400 && post.status.code < 500, "POST /: \(post.status)")
        }
    }

    @Test("the scripts build the page with text nodes only: no innerHTML, document.write or eval, no inline script or style")
    func noMarkupFromData() throws {
        for (name, file) in DashboardFiles.bundled.files {
            let text = String(buffer: file.body)
            if name.hasSuffix(".js") {
                for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                    #expect(!text.contains(sink), "\(name) uses \(sink)")
                }
            }
            if name.hasSuffix(".html") {
                #expect(!text.contains("<script>") && !text.contains(" style=") && !text.contains("<style") && !text.contains(" onclick="), "\(name) has inline code")
            }
        }
    }

    @Test("whoami tells each key its name and role, and refuses a missing key")
    func whoami() async throws {
        let f = try APIFixture()
        try await f.run { client in
            for (role, name) in [("read", "dash"), ("write", "app"), ("admin", "ops")] {
                let reply = try await client.call(.get, "\(base)/whoami", as: role)
                #expect(reply.status == .ok)
                #expect(reply.json["name"] as? String == name && reply.json["role"] as? String == role)
                #expect(reply.json["auth_disabled"] as? Bool == false)
                #expect(!reply.text.contains(APIFixture.keys[role]!))
            }
            #expect(try await client.call(.get, "\(base)/whoami", as: nil).status == .unauthorized)
            #expect(try await client.call(.get, "\(base)/whoami", as: "not-a-key").status == .unauthorized)
        }
    }

    @Test("stats add each lane's finished tasks per minute and the age of its oldest queued task")
    func throughputAndOldest() async throws {
        let f = try APIFixture()
        try await f.run { client in
            let first = try await client.create()
            _ = try await client.create()
            try await Task.sleep(for: .milliseconds(30))
            #expect(try await client.call(.delete, "\(base)/tasks/\(first)", as: "write").status == .ok)
            let stats = try await client.call(.get, "\(base)/stats", as: "read")
            let lanes = try #require(stats.json["queues"] as? [[String: Any]])
            let operations = try #require(lanes.first { $0["queue"] as? String == "operations" })
            let llm = try #require(lanes.first { $0["queue"] as? String == "llm" })
            let perMinute = try #require(operations["finished_per_minute"] as? [Int])
            #expect(perMinute.count == 10 && perMinute.last == 1 && perMinute.reduce(0, +) == 1)
            let age = try #require(operations["oldest_queued_age_seconds"] as? Double)
            #expect(age >= 0.02 && age < 60)
            #expect(llm["oldest_queued_age_seconds"] is NSNull && (llm["finished_per_minute"] as? [Int]) == Array(repeating: 0, count: 10))
            let one = try await client.call(.get, "\(base)/stats/operations", as: "read")
            #expect((one.json["finished_per_minute"] as? [Int])?.last == 1 && one.json["oldest_queued_age_seconds"] is Double)
        }
    }
}
