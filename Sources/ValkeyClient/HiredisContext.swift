import CHiredis

/// Owns one `redisContext*`; freed exactly once. Only ever touched under `ValkeyConnection`'s lock.
struct HiredisContext: ~Copyable {
    private var pointer: UnsafeMutablePointer<redisContext>?

    init() { pointer = nil }

    deinit { if let pointer { redisFree(pointer) } }

    var isConnected: Bool { pointer != nil }

    /// Drops the socket; the next call reconnects.
    mutating func close() {
        if let pointer { redisFree(pointer) }
        pointer = nil
    }

    /// Opens the socket, authenticates and selects the database.
    mutating func connect(_ config: ValkeyConfiguration) throws(ValkeyError) {
        close()
        guard let context = lanes_redis_connect_ms(config.host, Int32(config.port), config.connectTimeoutMs) else {
            throw ValkeyError(.connectionFailed, "cannot connect to valkey at \(config.address): out of memory")
        }
        if lanes_redis_err(context) != 0 {
            let reason = String(cString: lanes_redis_errstr(context)).lowercased()
            redisFree(context)
            throw ValkeyError(.connectionFailed, "cannot connect to valkey at \(config.address): \(reason)")
        }
        _ = lanes_redis_set_timeout_ms(context, config.commandTimeoutMs)
        pointer = context
        var setup: [[String]] = []
        if let password = config.password {
            setup.append(config.username.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if config.database != 0 { setup.append(["SELECT", String(config.database)]) }
        for command in setup {
            if case .error(let message) = try execute([command], config: config)[0] {
                close()
                let what = command[0] == "AUTH" ? "authentication failed" : "SELECT \(config.database) failed"
                throw ValkeyError(.connectionFailed, "cannot connect to valkey at \(config.address): \(what): \(message)")
            }
        }
    }

    /// Sends the commands in one write and reads their replies: one round trip.
    mutating func execute(
        _ commands: [[String]], config: ValkeyConfiguration, timeoutMs: Int? = nil
    ) throws(ValkeyError) -> [ValkeyReply] {
        guard let context = pointer else {
            throw ValkeyError(.connectionLost, "connection to valkey at \(config.address) is closed")
        }
        if let timeoutMs { _ = lanes_redis_set_timeout_ms(context, timeoutMs) }
        defer { if timeoutMs != nil, let pointer { _ = lanes_redis_set_timeout_ms(pointer, config.commandTimeoutMs) } }
        for command in commands {
            let status = withArgv(command) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            if status != REDIS_OK { throw lost(context, config) }
        }
        var replies: [ValkeyReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            if redisGetReply(context, &raw) != REDIS_OK || raw == nil { throw lost(context, config) }
            let reply = raw!.assumingMemoryBound(to: redisReply.self)
            replies.append(ValkeyReply(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    /// Closes a broken context and describes why it broke.
    private mutating func lost(_ context: UnsafeMutablePointer<redisContext>, _ config: ValkeyConfiguration) -> ValkeyError {
        let reason = String(cString: lanes_redis_errstr(context))
        close()
        if reason.lowercased().contains("temporarily unavailable") || reason.contains("timed out") {
            return ValkeyError(.timeout, "valkey at \(config.address) did not answer within the command timeout")
        }
        return ValkeyError(.connectionLost, "lost connection to valkey at \(config.address): \(reason.isEmpty ? "closed" : reason.lowercased())")
    }
}

/// Calls `body` with C argv/argvlen arrays for `args` (binary-safe: lengths are explicit).
private func withArgv<R>(
    _ args: [String],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
) -> R {
    // One buffer holds every argument back to back; argv points into it.
    let lengths: [Int] = args.map { $0.utf8.count }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(lengths.reduce(0, +), 1), alignment: 1)
    defer { storage.deallocate() }
    var argv: [UnsafePointer<CChar>?] = []
    argv.reserveCapacity(args.count)
    var offset = 0
    for (arg, length) in zip(args, lengths) {
        let start = storage.baseAddress! + offset
        _ = UnsafeMutableRawBufferPointer(start: start, count: length).copyBytes(from: arg.utf8)
        argv.append(UnsafePointer(start.assumingMemoryBound(to: CChar.self)))
        offset += length
    }
    return argv.withUnsafeMutableBufferPointer { argvBuffer in
        lengths.withUnsafeBufferPointer { lengthBuffer in
            body(Int32(args.count), argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
        }
    }
}

extension ValkeyReply {
    /// Copies a hiredis reply tree into Swift values.
    init(_ reply: UnsafeMutablePointer<redisReply>) {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            self = .string(Self.text(r.str, r.len))
        case REDIS_REPLY_STATUS:
            self = .status(Self.text(r.str, r.len))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(r.str, r.len))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int(r.integer))
        case REDIS_REPLY_ARRAY:
            var items: [ValkeyReply] = []
            items.reserveCapacity(Int(r.elements))
            for index in 0..<Int(r.elements) {
                if let element = r.element[index] { items.append(ValkeyReply(element)) } else { items.append(.null) }
            }
            self = .array(items)
        default:
            self = .null
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> String {
        guard let pointer else { return "" }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
