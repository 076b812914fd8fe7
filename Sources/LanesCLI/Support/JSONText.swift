import Foundation

/// Request bodies as JSON text, built so that user JSON (`--data`) reaches the API byte for byte.
enum JSONText {
    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object from members whose values are already JSON text; nil values are left out.
    static func object(_ members: [(String, String?)]) -> String {
        "{" + members.compactMap { key, value in value.map { "\(quote(key)):\($0)" } }.joined(separator: ",") + "}"
    }

    /// A JSON array of strings.
    static func array(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ",") + "]" }

    /// Checks that `text` (from a flag named `flag`) is a JSON object and returns it trimmed.
    static func requireObject(_ text: String, flag: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(trimmed.utf8)) } catch {
            throw CLIError.usage("\(flag): not valid JSON: \(trimmed.prefix(60))")
        }
        guard parsed is [String: Any] else { throw CLIError.usage("\(flag): expected a JSON object like '{\"key\": \"value\"}'") }
        return trimmed
    }

    /// The text of a `--data`-style value: inline JSON, `@file.json`, or `-` for stdin.
    static func read(_ value: String, flag: String) throws -> String {
        if value == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        if value.hasPrefix("@") {
            let path = String(value.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.usage("\(flag): cannot read file '\(path)'") }
            return String(decoding: data, as: UTF8.self)
        }
        return value
    }
}
