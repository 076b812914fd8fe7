/// A reply from Valkey, converted out of hiredis memory so it can cross threads.
public enum ValkeyReply: Sendable, Equatable {
    case string(String)
    case status(String)
    case integer(Int)
    case array([ValkeyReply])
    case null
    case error(String)

    /// The reply as text: bulk strings, status lines and integers; nil otherwise.
    public var string: String? {
        switch self {
        case .string(let s), .status(let s): return s
        case .integer(let i): return String(i)
        default: return nil
        }
    }

    /// The reply as an integer: integers and numeric strings; nil otherwise.
    public var int: Int? {
        switch self {
        case .integer(let i): return i
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// The elements of an array reply; empty for null, nil for anything else.
    public var array: [ValkeyReply]? {
        switch self {
        case .array(let a): return a
        case .null: return []
        default: return nil
        }
    }

    /// True for a null reply.
    public var isNull: Bool { self == .null }

    /// Throws the server's error reply as a `ValkeyError`, else returns self.
    @discardableResult
    public func orThrow() throws(ValkeyError) -> ValkeyReply {
        if case .error(let message) = self { throw ValkeyError.server(message) }
        return self
    }

    /// A flat array of strings as a field/value dictionary (HGETALL).
    public var dictionary: [String: String] {
        var result = [String: String](minimumCapacity: (array?.count ?? 0) / 2)
        addPairs(to: &result)
        return result
    }

    /// Adds a flat `[field, value, ...]` array's pairs to `dictionary` (later pairs win).
    public func addPairs(to dictionary: inout [String: String]) {
        guard let items = array else { return }
        var index = 0
        while index + 1 < items.count {
            if let key = items[index].string { dictionary[key] = items[index + 1].string }
            index += 2
        }
    }
}
