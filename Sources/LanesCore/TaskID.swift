import Foundation

/// Task ids: 32 lowercase hex characters, unique across lanes.
public enum TaskID {
    /// A new random id.
    public static func make() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// True when `id` could be a task id (guards keys against junk input).
    public static func isValid(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { (48...57).contains($0) || (97...122).contains($0) || (65...90).contains($0) || $0 == 45 || $0 == 95 }
    }
}

/// Wall-clock time in milliseconds since the Unix epoch; scripts get it as an argument.
public enum Clock {
    /// Now, in milliseconds.
    public static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
