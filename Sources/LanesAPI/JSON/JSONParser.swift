/// A strict JSON parser (RFC 8259) over UTF-8 bytes that keeps each value's exact text.
/// It never traps: depth is capped, numbers must fit a Double, and every error says where the
/// input went wrong.
struct JSONParser {
    struct Failure: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    static let maxDepth = 64

    /// Parses a whole document.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ what: String) -> Failure {
        Failure(description: "malformed JSON at byte \(index): \(what)")
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 }
    }

    private func text(from start: Int) -> String { String(decoding: bytes[start..<index], as: UTF8.self) }

    private mutating func value() throws(Failure) -> JSONValue {
        guard let b = peek else { throw fail("unexpected end of input") }
        switch b {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""):
            let start = index
            let s = try string()
            return .string(s, raw: text(from: start))
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for expected in word.utf8 {
            guard peek == expected else { throw fail("expected '\(word)'") }
            index += 1
        }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        let start = index
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
                let key = try string()
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after a member name") }
                index += 1
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                guard peek == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an object") }
                index += 1
                break
            }
        }
        depth -= 1
        return .object(members, raw: text(from: start))
    }

    private mutating func array() throws(Failure) -> JSONValue {
        let start = index
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if peek == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                guard peek == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
                index += 1
                break
            }
        }
        depth -= 1
        return .array(items, raw: text(from: start))
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var chunkStart = index
        var result = ""
        while true {
            guard let b = peek else { throw fail("unterminated string") }
            if b == UInt8(ascii: "\"") {
                result += String(decoding: bytes[chunkStart..<index], as: UTF8.self)
                index += 1
                break
            }
            if b < 0x20 { throw fail("control character in a string") }
            if b == UInt8(ascii: "\\") {
                result += String(decoding: bytes[chunkStart..<index], as: UTF8.self)
                index += 1
                guard let e = peek else { throw fail("unterminated escape") }
                index += 1
                switch e {
                case UInt8(ascii: "\""): result += "\""
                case UInt8(ascii: "\\"): result += "\\"
                case UInt8(ascii: "/"): result += "/"
                case UInt8(ascii: "b"): result += "\u{08}"
                case UInt8(ascii: "f"): result += "\u{0C}"
                case UInt8(ascii: "n"): result += "\n"
                case UInt8(ascii: "r"): result += "\r"
                case UInt8(ascii: "t"): result += "\t"
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code), peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    result += String(scalars)
                    scalars.removeAll()
                default: throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
                chunkStart = index
                continue
            }
            index += 1
        }
        return result
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = peek, let digit = UInt8(exactly: b).flatMap({ Int(String(UnicodeScalar($0)), radix: 16) }) else {
                throw fail("expected 4 hex digits after \\u")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, (0x30...0x39).contains(first) else { throw fail("expected a value") }
        if first == 0x30 { index += 1 } else { while let d = peek, (0x30...0x39).contains(d) { index += 1 } }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let d = peek, (0x30...0x39).contains(d) else { throw fail("expected digits after '.'") }
            while let d = peek, (0x30...0x39).contains(d) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let d = peek, (0x30...0x39).contains(d) else { throw fail("expected digits in an exponent") }
            while let d = peek, (0x30...0x39).contains(d) { index += 1 }
        }
        let raw = text(from: start)
        // Beyond a Double's range a number means infinity to most readers (Foundation refuses it).
        guard let value = Double(raw), value.isFinite else { throw fail("number \(raw.prefix(40)) is out of range") }
        return .number(value, isInteger: isInteger, raw: raw)
    }
}
