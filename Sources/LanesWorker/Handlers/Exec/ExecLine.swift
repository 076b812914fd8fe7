import Foundation

/// One line an `exec` command wrote on stdout.
enum ExecLine: Equatable {
    case progress(Double, String)
    case log(String)
    /// The raw JSON text of the result value.
    case result(String)
    /// A line that is not one of the above: kept as a log line.
    case other(String)

    /// Parses `{"progress": 0.4, "message": "..."}`, `{"log": "..."}` or `{"result": ...}`.
    static func parse(_ line: String) -> ExecLine? {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])) as? [String: Any] else {
            return .other(trimmed)
        }
        if object.keys.contains("result") {
            let value = object["result"] ?? NSNull()
            let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])) ?? Data("null".utf8)
            return .result(String(decoding: data, as: UTF8.self))
        }
        if let progress = (object["progress"] as? NSNumber)?.doubleValue {
            return .progress(progress, object["message"] as? String ?? "")
        }
        if let log = object["log"] { return .log(log as? String ?? "\(log)") }
        return .other(trimmed)
    }
}
