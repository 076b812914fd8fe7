import Foundation

/// Where output goes, and whether a person is looking at it.
enum Terminal {
    /// Whether stdout is a terminal (tables get ANSI clearing in `watch` only then).
    static var stdoutIsTTY: Bool { isatty(1) == 1 }
    /// Whether stderr is a terminal (progress bars are drawn only then).
    static var stderrIsTTY: Bool { isatty(2) == 1 }

    /// Writes text to stdout as is (unbuffered).
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    /// Writes text to stderr as is (unbuffered).
    static func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// Reports an error as one line `lanes: message` on stderr.
    static func error(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        err("lanes: \(line)\n")
    }
}
