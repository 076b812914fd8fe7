/// Builds JSON text; raw JSON (a task's data, metadata, result) is spliced in unchanged.
struct JSONWriter {
    private(set) var text = ""
    private var needsComma: [Bool] = []

    /// JSON string literal for `s`.
    static func quote(_ s: String) -> String {
        // Most strings (ids, names) need no escape: copied whole. 0xE2 leads U+2028 and U+2029,
        // which are escaped below, so a string holding it takes the slow path.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private mutating func comma() {
        if let last = needsComma.last {
            if last { text += "," }
            needsComma[needsComma.count - 1] = true
        }
    }

    mutating func beginObject() { comma(); text += "{"; needsComma.append(false) }
    mutating func endObject() { text += "}"; needsComma.removeLast() }
    mutating func beginArray(_ key: String? = nil) {
        if let key { self.key(key) } else { comma() }
        text += "["
        needsComma.append(false)
    }
    mutating func endArray() { text += "]"; needsComma.removeLast() }
    mutating func beginObject(_ key: String) { self.key(key); text += "{"; needsComma.append(false) }

    private mutating func key(_ key: String) {
        comma()
        text += Self.quote(key) + ":"
    }

    /// A member whose value is raw JSON text (or null when nil).
    mutating func raw(_ key: String, _ json: String?) { self.key(key); text += json ?? "null" }
    mutating func string(_ key: String, _ value: String?) { raw(key, value.map(Self.quote)) }
    mutating func int(_ key: String, _ value: Int?) { raw(key, value.map(String.init)) }
    mutating func double(_ key: String, _ value: Double?) { raw(key, value.map { $0.isFinite ? "\($0)" : "null" }) }
    mutating func bool(_ key: String, _ value: Bool) { raw(key, value ? "true" : "false") }
    /// An array element that is raw JSON.
    mutating func element(_ json: String) { comma(); text += json }
}
