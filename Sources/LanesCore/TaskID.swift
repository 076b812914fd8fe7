import Foundation

/// Task ids: 32 lowercase hex characters, unique across lanes.
public enum TaskID {
    /// A new random id: a version-4 UUID's 128 bits as 32 lowercase hex digits (no dashes).
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<32 {
                let word = index < 16 ? high : low
                buffer[index] = hexDigits[Int(word >> (60 - 4 * (index % 16)) & 0xF)]
            }
            return 32
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

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
