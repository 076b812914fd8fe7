import Foundation

/// Splits a byte stream into lines; a line longer than `maxBytes` is cut there, so a command that
/// never writes a newline cannot grow the worker's memory without bound.
struct LineSplitter: Sendable {
    let maxBytes: Int
    private var buffer = Data()

    init(maxBytes: Int = 16 << 20) {
        self.maxBytes = maxBytes
    }

    /// Adds bytes; returns the lines they complete.
    mutating func append(_ chunk: Data) -> [String] {
        buffer.append(chunk)
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: 10) {
            lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer = Data(buffer[buffer.index(after: newline)...])
        }
        if buffer.count >= maxBytes {
            lines.append(String(decoding: buffer, as: UTF8.self))
            buffer = Data()
        }
        return lines
    }

    /// The stream ended: the last line if it had no newline.
    mutating func finish() -> String? {
        defer { buffer = Data() }
        return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
    }
}
