import Foundation
import LanesTestSupport
import Testing

/// Exit codes and one-line errors that scripts rely on: 2 usage or refused, 3 server unavailable.
@Suite("lanes exit codes and errors", .serialized)
struct ExitCodeTests {
    @Test("bad flags and arguments exit 2 with one line on stderr, before any request")
    func usageErrors() async throws {
        let cases: [[String]] = [
            ["enqueue", "operations"],
            ["tasks", "--limit", "abc"],
            ["tasks", "--status", "done"],
            ["tasks", "--bogus"],
            ["enqueue", "operations", "echo", "--data", "not json"],
            ["enqueue", "operations", "echo", "--data", "[1, 2]"],
            ["enqueue", "operations", "echo", "--priority", "101"],
            ["enqueue", "operations", "echo", "--delay", "soon"],
            ["cancel"],
            ["schedules", "add", "x", "operations", "noop"],
            ["no-such-command"],
        ]
        for arguments in cases {
            // Nothing listens on the URL: a usage error must not even try to connect.
            let result = try await CLIFixture.run(arguments, environment: ["LANES_URL": "http://127.0.0.1:9"])
            #expect(result.code == 2, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("lanes: ") && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        let help = try await CLIFixture.run(["enqueue", "--help"])
        #expect(help.code == 0 && help.stdout.contains("--depends-on"), "\(help)")
    }

    @Test("requests the API refuses (4xx) exit 2 with the API's message")
    func refusedRequests() async throws {
        let f = try await CLIFixture(worker: false)
        let unknownQueue = try await f.lanes(["enqueue", "gpu", "x"])
        #expect(unknownQueue.code == 2 && unknownQueue.stderr == "lanes: unknown queue 'gpu'; configured queues: llm, operations\n", "\(unknownQueue)")
        let missing = try await f.lanes(["show", "nosuchtask"])
        #expect(missing.code == 2 && missing.stderr == "lanes: task nosuchtask not found\n", "\(missing)")
        let noKey = try await f.lanes(["stats"], environment: ["LANES_API_KEY": ""])
        #expect(noKey.code == 2 && noKey.stderr.contains("--key or LANES_API_KEY"), "\(noKey)")
        let weak = try await f.lanes(["reconcile", "--key", CLIFixture.readKey])
        #expect(weak.code == 2 && weak.stderr.contains("needs admin"), "\(weak)")
        let readOK = try await f.lanes(["stats", "--key", CLIFixture.readKey])
        #expect(readOK.code == 0, "the read key may read: \(readOK)")
    }

    @Test("a server that is down exits 3 with one line naming the URL; so does 503 from a server without Valkey, and a timeout")
    func serverUnavailable() async throws {
        let port = try PrivateValkey.freePort()
        let refused = try await CLIFixture.run(["stats"], environment: ["LANES_URL": "http://127.0.0.1:\(port)"])
        #expect(refused.code == 3, "\(refused)")
        #expect(refused.stderr == "lanes: cannot reach http://127.0.0.1:\(port): connection refused\n", "\(refused.stderr)")
        let viaFlag = try await CLIFixture.run(["tasks", "--url", "http://127.0.0.1:\(port)/", "--json"])
        #expect(viaFlag.code == 3 && viaFlag.stdout.isEmpty, "\(viaFlag)")
        let waitDown = try await CLIFixture.run(["wait", "abc", "--url", "http://127.0.0.1:\(port)"])
        #expect(waitDown.code == 3, "\(waitDown)")

        let noValkey = try await CLIFixture(worker: false, valkeyURL: "valkey://127.0.0.1:\(try PrivateValkey.freePort())")
        let unavailable = try await noValkey.lanes(["enqueue", "operations", "noop"], timeout: .seconds(60))
        #expect(unavailable.code == 3, "\(unavailable)")
        #expect(unavailable.stderr.hasPrefix("lanes: \(noValkey.url) answered 503") && unavailable.stderr.split(separator: "\n").count == 1,
                "\(unavailable.stderr)")

        let silent = try SilentListener()
        let timedOut = try await CLIFixture.run(["stats"], environment: ["LANES_URL": "http://127.0.0.1:\(silent.port)", "LANES_TIMEOUT": "1"])
        #expect(timedOut.code == 3 && timedOut.stderr == "lanes: cannot reach http://127.0.0.1:\(silent.port): timed out after 1s\n", "\(timedOut)")
    }
}

/// A TCP port that accepts connections (the kernel's backlog) but never answers.
final class SilentListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listen(fd, 16)
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { close(fd) }
}
