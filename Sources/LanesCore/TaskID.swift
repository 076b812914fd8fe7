import Foundation

/// Task ids: 32 lowercase hex characters, unique across lanes.
public enum TaskID {
    /// A new random id: a version-4 UUID's 128 bits as 32 lowercase hex digits (no dashes).
    public static func make() -> String { make(count: 1)[0] }

    /// `count` new ids, their random bits read from the kernel in one call.
    public static func make(count: Int) -> [String] {
        var bytes = [UInt8](repeating: 0, count: 16 * count)
        fillRandom(&bytes)
        return (0..<count).map { index in
            String(unsafeUninitializedCapacity: 32) { buffer in
                for offset in 0..<16 {
                    var byte = bytes[16 * index + offset]
                    if offset == 6 { byte = byte & 0x0F | 0x40 }  // version 4
                    if offset == 8 { byte = byte & 0x3F | 0x80 }  // RFC 4122 variant
                    buffer[2 * offset] = hexDigits[Int(byte >> 4)]
                    buffer[2 * offset + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return 32
            }
        }
    }

    /// The kernel's generator, opened once: a whole batch's random bits in one read.
    private static let urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    private static func fillRandom(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            var filled = 0
            while urandom >= 0 && filled < buffer.count {
                let got = read(urandom, buffer.baseAddress! + filled, buffer.count - filled)
                if got > 0 { filled += got } else if got == 0 || errno != EINTR { break }
            }
            // Without /dev/urandom (a locked-down sandbox), the standard generator fills the rest.
            var generator = SystemRandomNumberGenerator()
            for index in filled..<buffer.count { buffer[index] = UInt8(truncatingIfNeeded: generator.next() as UInt64) }
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
