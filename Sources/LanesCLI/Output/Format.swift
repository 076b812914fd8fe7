import Foundation

/// Small text formats of readable output: durations, ages, truncation.
enum Format {
    /// A duration in seconds, shortest form: `850ms`, `12s`, `4m05s`, `3h20m`, `2d4h`.
    static func seconds(_ s: Double) -> String {
        if s < 1 && s > 0 { return "\(Int((s * 1000).rounded()))ms" }
        if s < 60 { return s == s.rounded() ? "\(Int(s))s" : String(format: "%.1fs", s) }
        let total = Int(s.rounded())
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        if total < 86400 { return String(format: "%dh%02dm", total / 3600, total % 3600 / 60) }
        return "\(total / 86400)d\(total % 86400 / 3600)h"
    }

    /// An API timestamp (UTC ISO-8601) as a date.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// How long ago (or how far ahead) an API timestamp is: `12s ago`, `in 4m05s`, `-` when absent.
    static func age(_ text: String?, now: Date = Date()) -> String {
        guard let date = date(text) else { return "-" }
        let delta = now.timeIntervalSince(date)
        if abs(delta) < 1 { return "now" }
        return delta > 0 ? "\(seconds(delta.rounded())) ago" : "in \(seconds((-delta).rounded()))"
    }

    /// Text cut to `width` characters with an ellipsis.
    static func truncate(_ text: String, _ width: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= width ? line : String(line.prefix(max(width - 1, 0))) + "…"
    }

    /// A count with its noun: `1 task`, `3 tasks`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A progress fraction (0...1) as a percentage, `-` when absent.
    static func percent(_ fraction: Double?) -> String {
        guard let fraction else { return "-" }
        return "\(Int((fraction * 100).rounded()))%"
    }

    /// Parses a duration flag: `90`, `1.5`, `90s`, `5m`, `2h`, `1d`, or `500ms`, in seconds.
    static func parseDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let n = Double(text.dropLast(suffix.count)), n >= 0, n.isFinite else { return nil }
            return n * factor
        }
        guard let n = Double(text), n >= 0, n.isFinite else { return nil }
        return n
    }
}
