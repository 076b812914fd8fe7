import Foundation
import Hummingbird
import HummingbirdTesting
import LanesTestSupport
import Testing
@testable import LanesAPI

@Suite("Configuration and keys")
struct ConfigurationTests {
    static let keys = "ops:admin:admin-secret-1"

    @Test("defaults: 127.0.0.1:8080, 1 MiB bodies; flags override the environment")
    func defaultsAndOverrides() throws {
        let plain = try APIConfiguration(environment: ["LANES_API_KEYS": Self.keys])
        #expect(plain.host == "127.0.0.1" && plain.port == 8080 && plain.maxBodyBytes == 1 << 20 && !plain.authDisabled)
        #expect(plain.store.prefix == "lanes")
        let flagged = try APIConfiguration(
            environment: ["LANES_API_KEYS": Self.keys, "LANES_HTTP_PORT": "9000", "LANES_PREFIX": "env"],
            overrides: ["LANES_HTTP_PORT": "9001", "LANES_HTTP_HOST": "0.0.0.0", "LANES_PREFIX": "flag", "LANES_MAX_BODY_BYTES": "4096"])
        #expect(flagged.port == 9001 && flagged.host == "0.0.0.0" && flagged.store.prefix == "flag" && flagged.maxBodyBytes == 4096)
    }

    @Test("a bad setting stops start-up with one line naming it", arguments: [
        (["LANES_HTTP_PORT": "eighty"], "LANES_HTTP_PORT"),
        (["LANES_HTTP_PORT": "70000"], "LANES_HTTP_PORT"),
        (["LANES_MAX_BODY_BYTES": "12"], "LANES_MAX_BODY_BYTES"),
        (["LANES_VALKEY_URL": "http://example"], "LANES_VALKEY_URL"),
        (["LANES_PREFIX": "a b"], "LANES_PREFIX"),
        (["LANES_CONFIG": "/nonexistent/lanes.yaml"], "/nonexistent/lanes.yaml"),
        (["LANES_API_KEYS": ""], "LANES_API_KEYS is empty"),
        (["LANES_API_KEYS": "ops"], "entry 1"),
        (["LANES_API_KEYS": "ops:root:admin-secret-1"], "entry 1"),
        (["LANES_API_KEYS": "ops:read:short"], "at least 8"),
        (["LANES_API_KEYS": ":read:admin-secret-1"], "entry 1"),
        (["LANES_API_KEYS": "a:read:secret-one-1,a:write:secret-two-2"], "name 'a' is used twice"),
        (["LANES_API_KEYS": "a:read:same-secret,b:admin:same-secret"], "entry 2: the secret of"),
    ])
    func badSettings(_ overrides: [String: String], _ fragment: String) {
        do {
            _ = try APIConfiguration(environment: ["LANES_API_KEYS": Self.keys], overrides: overrides)
            Issue.record("accepted \(overrides)")
        } catch {
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains("\n"))
            #expect(!error.description.contains("same-secret") && !error.description.contains("admin-secret-1"), "never echoes a secret")
        }
    }

    @Test("with no keys the API starts only when LANES_AUTH_DISABLED=1 says so")
    func authDisabled() throws {
        #expect(throws: APIConfiguration.Problem.self) { try APIConfiguration(environment: [:]) }
        #expect(throws: APIConfiguration.Problem.self) { try APIConfiguration(environment: ["LANES_AUTH_DISABLED": "yes"]) }
        #expect(try APIConfiguration(environment: ["LANES_AUTH_DISABLED": "1"]).authDisabled)
    }

    @Test("LANES_AUTH_DISABLED=1 opens every route without a key, for local trials only")
    func openWhenDisabled() async throws {
        let configuration = try APIConfiguration(environment: [
            "LANES_VALKEY_URL": TestValkey.url, "LANES_PREFIX": TestValkey.uniquePrefix("api"), "LANES_AUTH_DISABLED": "1",
        ])
        let capture = LogCapture()
        try await buildApplication(configuration, logger: capture.logger).test(.router) { client in
            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/queue/tasks"), (.delete, "/api/v1/queue/tasks"), (.post, "/api/v1/queue/reconcile")] {
                let status = try await client.execute(uri: path, method: method) { $0.status }
                #expect(status == .ok, "\(method) \(path)")
            }
        }
        #expect(capture.records.withLock { $0 }.contains { $0.level == .warning && $0.message.contains("LANES_AUTH_DISABLED") })
    }

    @Test("keys parse with their roles; a secret may hold colons; roles include the weaker ones")
    func keyParsing() throws {
        let keys = try APIKey.parse(" ops:admin:a:b:c:d:e , dash:read:abcdefgh,")
        #expect(keys.map(\.name) == ["ops", "dash"] && keys.map(\.role) == [.admin, .read])
        #expect(keys[0].secret == Array("a:b:c:d:e".utf8))
        #expect(Role.admin > .write && Role.write > .read)
        #expect(APIKey.match("a:b:c:d:e", in: keys)?.name == "ops")
        #expect(APIKey.match("abcdefgh", in: keys)?.name == "dash")
        for wrong in ["", "abcdefg", "abcdefghi", "ABCDEFGH", "a:b:c:d"] { #expect(APIKey.match(wrong, in: keys) == nil, "\(wrong)") }
    }

    @Test("the Authorization header presents a key as Bearer <secret>, spaces around the secret ignored")
    func bearerHeader() throws {
        let keys = try APIKey.parse("dash:read:abcdefgh")
        for header in ["Bearer abcdefgh", "Bearer   abcdefgh  ", "Bearer \tabcdefgh\t"] {
            #expect(APIKey.match(authorization: header, in: keys)?.name == "dash", "\(header)")
        }
        for header in [nil, "", "Bearer", "Bearer ", "bearer abcdefgh", "Basic abcdefgh", "Bearer abcd efgh", "Bearerabcdefgh"] {
            #expect(APIKey.match(authorization: header, in: keys) == nil, "\(header ?? "nil")")
        }
    }

    @Test("secrets compare equal only when every byte and the length match")
    func constantTime() {
        #expect(APIKey.constantTimeEqual(Array("secret".utf8), Array("secret".utf8)))
        #expect(!APIKey.constantTimeEqual(Array("secret".utf8), Array("secreT".utf8)))
        #expect(!APIKey.constantTimeEqual(Array("secret".utf8), Array("secret\0".utf8)))
        #expect(!APIKey.constantTimeEqual([], Array("x".utf8)))
        #expect(APIKey.constantTimeEqual([], []))
    }

    @Test("lanes-api with a bad setting prints one line on stderr and exits 1")
    func badStartUp() async throws {
        let api = try LanesProcess("lanes-api", environment: ["LANES_API_KEYS": "", "LANES_AUTH_DISABLED": "0"])
        #expect(await api.waitForExit(timeout: .seconds(20)) == 1)
        let lines = api.output.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("lanes-api: LANES_API_KEYS is empty") == true, "\(api.output)")
        let port = try LanesProcess("lanes-api", environment: ["LANES_API_KEYS": Self.keys], arguments: ["--port", "99999"])
        #expect(await port.waitForExit(timeout: .seconds(20)) == 1)
        #expect(port.output.contains("LANES_HTTP_PORT") && port.output.split(separator: "\n").count == 1, "\(port.output)")
    }

    @Test("lanes-api serves over a real socket with the settings it was given")
    func liveStartUp() async throws {
        let port = try Self.freePort()
        let api = try LanesProcess("lanes-api", environment: [
            "LANES_VALKEY_URL": TestValkey.url, "LANES_PREFIX": TestValkey.uniquePrefix("api"), "LANES_API_KEYS": Self.keys,
            "LANES_LOG_LEVEL": "warning",
        ], arguments: ["--port", String(port)])
        defer { api.signal(SIGTERM) }
        let url = URL(string: "http://127.0.0.1:\(port)/readyz")!
        #expect(await eventually(timeout: .seconds(20)) { (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) } == #"{"status":"ready"}"# })
        api.signal(SIGTERM)
        #expect(await api.waitForExit(timeout: .seconds(10)) != nil)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileNoSuchFile) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
