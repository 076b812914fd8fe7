import Foundation
import Testing
@testable import LanesAPI

@Suite("JSON reading and writing")
struct JSONTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test("every value keeps the exact text it had, whitespace and number spelling included", arguments: [
        #"{"b":1,  "a":[1.50, "x"]}"#,
        #"{ }"#,
        #"[ 1 , -0.0 , 1E+3 , 2e-7 , true , false , null ]"#,
        #"{"s":"caf\u00e9 \"q\" \\ \/","n":{"deep":[[[]]]}}"#,
        #""just a string""#,
        "12345678901234567890123",
    ])
    func rawSpans(_ text: String) throws {
        #expect(try parse(text).raw == text)
        #expect(try parse("  \n\t\(text)\r\n ").raw == text)
    }

    @Test("members keep their own raw text, and a repeated key reads as the last one")
    func members() throws {
        let value = try parse(#"{"data": {"x" : [1.0]}, "meta":null, "k":1, "k":2}"#)
        #expect(value["data"]?.raw == #"{"x" : [1.0]}"#)
        #expect(value["meta"] == .null)
        #expect(value["k"]?.intValue == 2)
        #expect(value.keys == ["data", "meta", "k", "k"])
        #expect(value["missing"] == nil)
    }

    @Test("strings decode escapes, surrogate pairs and raw UTF-8", arguments: [
        (#""a\nb\tc""#, "a\nb\tc"),
        (#""\u00e9\u4e2d""#, "é中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\ud800""#, "\u{FFFD}"),
        (#""é😀""#, "é😀"),
        (#""\"\\\/\b\f\r""#, "\"\\/\u{08}\u{0C}\r"),
    ])
    func strings(_ text: String, _ expected: String) throws {
        #expect(try parse(text).stringValue == expected)
    }

    @Test("numbers: integers are whole, fractions and exponents are not", arguments: [
        ("0", 0 as Int?), ("-7", -7), ("100", 100), ("1e2", 100), ("1.5", nil), ("1e300", nil), ("-0", 0),
    ])
    func numbers(_ text: String, _ int: Int?) throws {
        #expect(try parse(text).intValue == int)
    }

    @Test("malformed input is refused with the byte where it went wrong", arguments: [
        "", " ", "{", "}", "[1,]", #"{"a":1,}"#, #"{"a"}"#, #"{a:1}"#, "01", "1.", ".5", "+1", "-", "1e", "1e+",
        "tru", "nul", "falsey", #""abc"#, "\"a\u{01}b\"", #""\x""#, #""\u12g4""#, "[1 2]", #"{"a":1 "b":2}"#,
        "{} {}", "NaN", "Infinity", "'single'", "[", #"["\"#, "1e400", "-5E890", #"{"x":[1e999]}"#,
    ])
    func malformed(_ text: String) {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("malformed JSON at byte"))
        }
    }

    @Test("nesting is capped, so a deep document cannot exhaust the stack")
    func depth() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(try parse(ok).raw == ok)
        let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
        #expect(throws: JSONParser.Failure.self) { try parse(deep) }
        #expect(throws: JSONParser.Failure.self) { try parse(String(repeating: #"{"a":"#, count: 100_000)) }
    }

    @Test("random input never traps, and whatever is accepted is JSON that Foundation reads too")
    func randomInput() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,0123456789.-+eE tfalsenru\"#.utf8) + [0x0A, 0xC3, 0xA9]
        var accepted = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? JSONParser.parse(bytes)
            // The API checks UTF-8 before parsing; the comparison holds for valid UTF-8.
            guard String(validating: bytes, as: UTF8.self) != nil, let value = try? JSONParser.parse(bytes) else { continue }
            accepted += 1
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
            #expect(foundation != nil, "accepted but Foundation refuses: \(String(decoding: bytes, as: UTF8.self))")
            #expect(value.raw.utf8.count <= bytes.count)
        }
        #expect(accepted > 0)
    }

    @Test("a string that needs no escape is quoted whole; one that does is escaped", arguments: [
        ("", #""""#), ("5bc722166b1f4c54", #""5bc722166b1f4c54""#), ("café €", #""café €""#),
        ("a\u{2029}b", #""a\u2029b""#), ("tab\there", #""tab\there""#), ("q\"", #""q\"""#),
    ])
    func quote(_ input: String, _ expected: String) {
        #expect(JSONWriter.quote(input) == expected)
    }

    @Test("the writer escapes strings and splices raw JSON unchanged")
    func writer() throws {
        var w = JSONWriter()
        w.beginObject()
        w.string("s", "a\"b\\c\n\u{01}\u{2028}é")
        w.raw("data", #"{"b":1,  "a":[1.50, "x"]}"#)
        w.raw("none", nil)
        w.int("n", 3)
        w.double("inf", .infinity)
        w.bool("t", true)
        w.beginArray("list")
        w.element("1")
        w.beginObject()
        w.endObject()
        w.endArray()
        w.beginObject("inner")
        w.string("k", nil)
        w.endObject()
        w.endObject()
        #expect(w.text == #"{"s":"a\"b\\c\n\u0001\u2028é","data":{"b":1,  "a":[1.50, "x"]},"none":null,"n":3,"inf":null,"t":true,"list":[1,{}],"inner":{"k":null}}"#)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(w.text.utf8)) as? [String: Any])
        #expect(decoded["s"] as? String == "a\"b\\c\n\u{01}\u{2028}é")
    }

    @Test("an error body is one JSON object with a code and a message")
    func errorBody() throws {
        let body = APIError.body(code: "invalid_request", message: "queue \"x\"\nis unknown")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: [String: String]])
        #expect(decoded["error"] == ["code": "invalid_request", "message": "queue \"x\"\nis unknown"])
    }
}
