import Foundation
import ValkeyClient

/// The real Valkey the test command started, and helpers to isolate tests from each other.
public enum TestValkey {
    /// `LANES_TEST_VALKEY_URL`, set by `scripts/test.sh`.
    public static var url: String {
        ProcessInfo.processInfo.environment["LANES_TEST_VALKEY_URL"] ?? "valkey://127.0.0.1:6379"
    }

    /// The server binary (valkey-server or redis-server), for tests that start their own.
    public static var serverPath: String {
        ProcessInfo.processInfo.environment["LANES_TEST_VALKEY_SERVER"] ?? "/usr/bin/valkey-server"
    }

    /// A key prefix no other test uses, so tests run in parallel without FLUSHDB.
    public static func uniquePrefix(_ name: String = "t") -> String {
        "test-\(name)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A pool on the shared test server.
    public static func pool(size: Int = 4, commandTimeoutMs: Int = 3000) throws -> ValkeyPool {
        var config = try ValkeyConfiguration(url: url)
        config.poolSize = size
        config.commandTimeoutMs = commandTimeoutMs
        return ValkeyPool(configuration: config)
    }
}

/// A private valkey-server on a free port, for tests that stop or restart the server.
public final class PrivateValkey: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private var process: Process?

    public init() throws {
        port = try Self.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lanes-valkey-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    public var url: String { "valkey://127.0.0.1:\(port)" }

    /// Starts (or restarts) the server with AOF on in its directory and waits until it answers.
    public func start() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestValkey.serverPath)
        p.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path, "--save", "",
                       "--appendonly", "yes", "--logfile", directory.appendingPathComponent("server.log").path]
        try p.run()
        process = p
        let config = ValkeyConfiguration(port: port, connectTimeoutMs: 200, commandTimeoutMs: 500)
        let probe = ValkeyConnection(configuration: config)
        for _ in 0..<100 {
            if (try? probe.execute([["PING"]]))?.first == .status("PONG") { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "valkey did not start on port \(port)"])
    }

    /// Kills the server (SIGKILL) and waits for it to exit.
    public func kill() {
        guard let p = process else { return }
        Foundation.kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        process = nil
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
