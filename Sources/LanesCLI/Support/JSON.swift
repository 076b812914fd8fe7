import Foundation

/// Read-only access to a parsed JSON answer: `json["tasks"][0]["status"].string`.
struct JSON {
    /// The value JSONSerialization produced (nil for a missing member).
    let value: Any?

    /// Parses `data`; a body that is not JSON reads as null.
    init(data: Data) {
        value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    init(_ value: Any?) { self.value = value }

    /// A member of an object (null when absent or not an object).
    subscript(key: String) -> JSON { JSON((value as? [String: Any])?[key]) }
    /// An element of an array (null when out of range).
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(nil) }
        return JSON(array[index])
    }

    /// The elements when this is an array, else none.
    var array: [JSON] { (value as? [Any])?.map(JSON.init) ?? [] }
    /// The members when this is an object, sorted by key.
    var members: [(String, JSON)] { ((value as? [String: Any]) ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, JSON($0.value)) } }
    /// The text when this is a string.
    var string: String? { value as? String }
    /// The number as a whole number, when it is one.
    var int: Int? { (value as? NSNumber)?.intValue }
    /// The number as a double.
    var double: Double? { (value as? NSNumber)?.doubleValue }
    /// The boolean when this is true or false.
    var bool: Bool? { value as? Bool }
    /// Whether this is JSON null or absent.
    var isNull: Bool { value == nil || value is NSNull }

    /// Compact JSON text of this value (for data, results and metadata in readable output).
    var text: String {
        guard let value, !(value is NSNull) else { return "null" }
        if let s = value as? String { return JSONText.quote(s) }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
