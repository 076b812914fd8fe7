import Foundation

/// Where and how to connect: parsed from `valkey://[user:password@]host:port[/db]` (or `redis://`).
public struct ValkeyConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int
    /// How long a connect may take, in milliseconds.
    public var connectTimeoutMs: Int
    /// How long one command (or pipeline) may take, in milliseconds.
    public var commandTimeoutMs: Int
    /// How many connections (and blocking threads) the pool holds.
    public var poolSize: Int
    /// Threads reserved for blocking commands (BLPOP wake-ups); one per lane a worker serves is enough.
    public var blockingThreads = 4

    public init(
        host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
        database: Int = 0, connectTimeoutMs: Int = 2000, commandTimeoutMs: Int = 5000, poolSize: Int = 2
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeoutMs = connectTimeoutMs
        self.commandTimeoutMs = commandTimeoutMs
        self.poolSize = poolSize
    }

    /// Parses a `valkey://` or `redis://` URL; throws `invalidURL` naming the problem.
    public init(url: String) throws(ValkeyError) {
        self.init()
        var rest = Substring(url)
        guard let schemeEnd = rest.range(of: "://") else {
            throw ValkeyError(.invalidURL, "invalid valkey URL '\(url)': expected valkey://[user:password@]host:port[/db]")
        }
        let scheme = rest[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "valkey" || scheme == "redis" else {
            throw ValkeyError(.invalidURL, "invalid valkey URL '\(url)': scheme must be valkey:// or redis://")
        }
        rest = rest[schemeEnd.upperBound...]
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            if !db.isEmpty {
                guard let number = Int(db), number >= 0 else {
                    throw ValkeyError(.invalidURL, "invalid valkey URL '\(url)': database '\(db)' is not a number")
                }
                database = number
            }
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = String(credentials[..<colon]).removingPercentEncoding
                username = user?.isEmpty == false ? user : nil
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
            } else if !credentials.isEmpty {
                password = String(credentials).removingPercentEncoding
            }
        }
        if let colon = rest.lastIndex(of: ":") {
            let portText = rest[rest.index(after: colon)...]
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw ValkeyError(.invalidURL, "invalid valkey URL '\(url)': port '\(portText)' is not 1-65535")
            }
            port = number
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw ValkeyError(.invalidURL, "invalid valkey URL '\(url)': no host") }
        host = String(rest)
    }

    /// `host:port`, for messages.
    public var address: String { "\(host):\(port)" }
}
