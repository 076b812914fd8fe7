/// One line redrawn in place on stderr: `[#######-----------]  35%  running  fetching page 3`.
struct ProgressBar {
    /// Width of the bar between the brackets.
    var width = 30
    private var lastLength = 0

    /// The line for a task's status, progress (0...1) and message.
    func line(status: String, progress: Double?, message: String?) -> String {
        let fraction = min(max(progress ?? 0, 0), 1)
        let filled = Int((fraction * Double(width)).rounded())
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
        let percent = progress == nil ? "   " : Format.percent(fraction)
        var text = "\(bar) \(String(repeating: " ", count: max(4 - percent.count, 0)))\(percent)  \(status)"
        if let message, !message.isEmpty { text += "  " + Format.truncate(message, 40) }
        return text
    }

    /// Redraws the line (carriage return, then blanks over a longer previous line).
    mutating func draw(status: String, progress: Double?, message: String?) {
        let text = line(status: status, progress: progress, message: message)
        Terminal.err("\r" + text + String(repeating: " ", count: max(lastLength - text.count, 0)))
        lastLength = text.count
    }

    /// Ends the bar's line so later output starts on a fresh one.
    mutating func finish() {
        if lastLength > 0 { Terminal.err("\n") }
        lastLength = 0
    }
}
