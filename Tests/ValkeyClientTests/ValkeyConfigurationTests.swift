import Testing
@testable import ValkeyClient

@Suite("Connection URLs")
struct ValkeyConfigurationTests {
    @Test("valid URLs give host, port, credentials and database", arguments: [
        ("valkey://127.0.0.1:6390", "127.0.0.1", 6390, nil, nil, 0),
        ("redis://localhost", "localhost", 6379, nil, nil, 0),
        ("valkey://:s3cret@cache:7000/2", "cache", 7000, nil, "s3cret", 2),
        ("valkey://app:p%40ss@cache:7000/", "cache", 7000, "app", "p@ss", 0),
        ("valkey://s3cret@cache", "cache", 6379, nil, "s3cret", 0),
    ] as [(String, String, Int, String?, String?, Int)])
    func parses(url: String, host: String, port: Int, user: String?, password: String?, db: Int) throws {
        let config = try ValkeyConfiguration(url: url)
        #expect(config.host == host)
        #expect(config.port == port)
        #expect(config.username == user)
        #expect(config.password == password)
        #expect(config.database == db)
    }

    @Test("malformed URLs are refused with a message naming the problem", arguments: [
        ("127.0.0.1:6379", "expected valkey://"),
        ("http://x:1", "scheme must be"),
        ("valkey://host:99999", "port '99999'"),
        ("valkey://host:1/abc", "database 'abc'"),
        ("valkey://", "no host"),
    ])
    func refuses(url: String, fragment: String) {
        #expect {
            _ = try ValkeyConfiguration(url: url)
        } throws: { error in
            guard let error = error as? ValkeyError else { return false }
            return error.code == .invalidURL && error.message.contains(fragment)
        }
    }
}
