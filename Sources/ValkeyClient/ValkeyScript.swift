/// A Lua script run with `EVALSHA`, falling back to `EVAL` on `NOSCRIPT` so it survives a
/// server restart, a failover and `SCRIPT FLUSH`.
public struct ValkeyScript: Sendable {
    /// A short name for messages.
    public let name: String
    /// The Lua source.
    public let source: String
    /// The SHA-1 the server knows the script by.
    public let sha: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
        self.sha = sha1Hex(source)
    }

    /// The `EVALSHA` command for these keys and arguments.
    public func evalsha(keys: [String], args: [String]) -> [String] {
        ["EVALSHA", sha, String(keys.count)] + keys + args
    }

    /// The `EVAL` command (sends the source; the server caches it).
    public func eval(keys: [String], args: [String]) -> [String] {
        ["EVAL", source, String(keys.count)] + keys + args
    }
}

/// One script invocation, for pipelining many at once.
public struct ScriptCall: Sendable {
    public let script: ValkeyScript
    public let keys: [String]
    public let args: [String]

    public init(_ script: ValkeyScript, keys: [String], args: [String]) {
        self.script = script
        self.keys = keys
        self.args = args
    }
}

extension ValkeyPool {
    /// Runs a script; returns its reply (an error reply is returned, not thrown).
    public func run(_ script: ValkeyScript, keys: [String], args: [String]) async throws(ValkeyError) -> ValkeyReply {
        try await run([ScriptCall(script, keys: keys, args: args)])[0]
    }

    /// Runs several scripts in one round trip. Any that hit `NOSCRIPT` are resent with `EVAL`
    /// (a second round trip only after a flush or restart). A resent script then runs after the
    /// calls that followed it; callers whose calls depend on their order must allow for that
    /// (a completion's refill claim, run first, finds no room freed and claims less).
    public func run(_ calls: [ScriptCall], extra: [[String]] = []) async throws(ValkeyError) -> [ValkeyReply] {
        var replies = try await pipeline(calls.map { $0.script.evalsha(keys: $0.keys, args: $0.args) } + extra)
        let missing = calls.indices.filter {
            if case .error(let message) = replies[$0], message.hasPrefix("NOSCRIPT") { return true }
            return false
        }
        if !missing.isEmpty {
            let retried = try await pipeline(missing.map { calls[$0].script.eval(keys: calls[$0].keys, args: calls[$0].args) })
            for (index, reply) in zip(missing, retried) { replies[index] = reply }
        }
        return replies
    }
}
