import Foundation
import LanesTestSupport
import Testing
@testable import ValkeyClient

@Suite("Valkey pool against a real server")
struct ValkeyPoolTests {
    @Test("a pipeline carries many commands and returns their replies in order")
    func pipelineOrder() async throws {
        let pool = try TestValkey.pool()
        let key = TestValkey.uniquePrefix("pipe")
        let replies = try await pool.pipeline([["SET", key, "1"], ["INCR", key], ["GET", key], ["DEL", key], ["GET", key], ["NOPE"]])
        #expect(replies[0] == .status("OK"))
        #expect(replies[1] == .integer(2))
        #expect(replies[2] == .string("2"))
        #expect(replies[3] == .integer(1))
        #expect(replies[4] == .null)
        if case .error = replies[5] {} else { Issue.record("an unknown command gives an error reply") }
        await pool.shutdown()
    }

    @Test("many Swift tasks share a small pool safely")
    func concurrentUse() async throws {
        let pool = try TestValkey.pool(size: 3)
        let key = TestValkey.uniquePrefix("count")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { try await pool.call("INCR", key) } }
            try await group.waitForAll()
        }
        #expect(try await pool.call("GET", key).int == 200)
        try await pool.call("DEL", key)
        await pool.shutdown()
    }

    @Test("values are binary-safe and unicode round-trips")
    func binarySafe() async throws {
        let pool = try TestValkey.pool()
        let key = TestValkey.uniquePrefix("bin")
        let value = "{\"a\": \"caf\u{e9} \u{1F600}\", \"b\": \" \\u0000 \"}"
        try await pool.call("SET", key, value)
        #expect(try await pool.call("GET", key) == .string(value))
        try await pool.call("DEL", key)
        await pool.shutdown()
    }

    @Test("our script id is the SHA-1 the server computes")
    func scriptSha() async throws {
        let pool = try TestValkey.pool()
        let script = ValkeyScript(name: "t", source: "return ARGV[1] .. '-' .. KEYS[1]")
        #expect(try await pool.call("SCRIPT", "LOAD", script.source).string == script.sha)
        #expect(sha1Hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        await pool.shutdown()
    }

    @Test("a script still runs after SCRIPT FLUSH")
    func scriptFlushRecovers() async throws {
        let pool = try TestValkey.pool(size: 1)
        let script = ValkeyScript(name: "t", source: "return 'lanes-flush-test-' .. ARGV[1]")
        #expect(try await pool.run(script, keys: [], args: ["1"]) == .string("lanes-flush-test-1"))
        try await pool.call("SCRIPT", "FLUSH")
        #expect(try await pool.run(script, keys: [], args: ["2"]) == .string("lanes-flush-test-2"))
        await pool.shutdown()
    }

    @Test("a connection killed with CLIENT KILL is detected and re-established")
    func clientKillRecovers() async throws {
        let pool = try TestValkey.pool(size: 1)
        let admin = try TestValkey.pool(size: 1)
        let id = try #require(try await pool.call("CLIENT", "ID").int)
        try await admin.call("CLIENT", "KILL", "ID", String(id))
        var recovered = false
        for _ in 0..<20 {
            do {
                if try await pool.call("PING").string == "PONG" { recovered = true; break }
            } catch {
                #expect(error.code == .connectionLost || error.code == .connectionFailed)
                try await Task.sleep(for: .milliseconds(60))
            }
        }
        #expect(recovered)
        #expect(try await pool.call("CLIENT", "ID").int != id)
        await pool.shutdown()
        await admin.shutdown()
    }

    @Test("a process with a connection ignores SIGPIPE, so writing to a connection the server closed cannot kill it")
    func ignoresBrokenPipes() throws {
        _ = ValkeyConnection(configuration: try ValkeyConfiguration(url: TestValkey.url))
        var current = sigaction()
        sigaction(SIGPIPE, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    @Test("an unreachable server is a typed error naming the address")
    func refused() async throws {
        let pool = ValkeyPool(configuration: ValkeyConfiguration(port: 1, connectTimeoutMs: 300, poolSize: 1))
        await #expect {
            try await pool.call("PING")
        } throws: { error in
            guard let error = error as? ValkeyError else { return false }
            return error.code == .connectionFailed && error.message.contains("cannot connect to valkey at 127.0.0.1:1")
        }
        await pool.shutdown()
    }

    @Test("a command that outlives the command timeout fails in time instead of hanging")
    func commandTimeout() async throws {
        let pool = try TestValkey.pool(size: 1, commandTimeoutMs: 200)
        let start = ContinuousClock.now
        await #expect {
            try await pool.call("BLPOP", TestValkey.uniquePrefix("never"), "30")
        } throws: { error in (error as? ValkeyError)?.code == .timeout }
        #expect(ContinuousClock.now - start < .seconds(10), "far below the 30 s the server would block")
        #expect(try await pool.call("PING").string == "PONG")
        await pool.shutdown()
    }

    @Test("a server restart is survived: calls fail while it is down and work again after")
    func serverRestart() async throws {
        let server = try PrivateValkey()
        var config = try ValkeyConfiguration(url: server.url)
        config.poolSize = 1
        config.commandTimeoutMs = 500
        config.connectTimeoutMs = 300
        let pool = ValkeyPool(configuration: config)
        #expect(try await pool.call("PING").string == "PONG")
        server.kill()
        await #expect(throws: ValkeyError.self) { try await pool.call("PING") }
        try server.start()
        var back = false
        for _ in 0..<60 where !back {
            back = (try? await pool.call("PING"))?.string == "PONG"
            if !back { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(back)
        await pool.shutdown()
    }
}
