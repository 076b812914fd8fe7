/// A JSON value read from a request, keeping the exact text of every member so that `data`
/// and `metadata` can be stored byte for byte.
indirect enum JSONValue: Sendable, Equatable {
    case object([(key: String, value: JSONValue)], raw: String)
    case array([JSONValue], raw: String)
    case string(String, raw: String)
    case number(Double, isInteger: Bool, raw: String)
    case bool(Bool)
    case null

    static func == (a: JSONValue, b: JSONValue) -> Bool { a.raw == b.raw }

    /// The exact text this value had in the input.
    var raw: String {
        switch self {
        case .object(_, let raw), .array(_, let raw), .string(_, let raw), .number(_, _, let raw): return raw
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// The member `key` of an object (the last one when repeated).
    subscript(key: String) -> JSONValue? {
        guard case .object(let members, _) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    var isObject: Bool { if case .object = self { return true } else { return false } }
    var keys: [String] { if case .object(let members, _) = self { return members.map(\.key) } else { return [] } }

    /// A word for error messages: "an object", "a string"...
    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    var stringValue: String? { if case .string(let s, _) = self { return s } else { return nil } }
    var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    var doubleValue: Double? { if case .number(let d, _, _) = self { return d } else { return nil } }
    /// The value as an integer when it is a whole number in range.
    var intValue: Int? {
        guard case .number(let d, _, _) = self, d.rounded() == d, abs(d) < 9e15 else { return nil }
        return Int(d)
    }
}
