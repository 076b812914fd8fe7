import Foundation

/// A strict reader of the Prometheus text exposition format (0.0.4), so tests check that what
/// `/metrics` serves parses, and read its values by name and labels.
struct ParsedExposition {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var samples: [Sample] = []
    /// Declared type of each family (`counter`, `gauge`, `histogram`...).
    private(set) var types: [String: String] = [:]

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Problem(description: "the text must end with a line feed") }
        let name = #/[a-zA-Z_:][a-zA-Z0-9_:]*/#
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            func fail(_ why: String) -> Problem { Problem(description: "line \(number + 1): \(why): \(line)") }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count >= 3, parts[0] == "#" else { continue }
                guard (try? name.wholeMatch(in: parts[2])) != nil else { throw fail("bad metric name") }
                if parts[1] == "TYPE" {
                    let family = String(parts[2])
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw fail("bad TYPE") }
                    guard types[family] == nil else { throw fail("second TYPE for \(family)") }
                    guard !samples.contains(where: { Self.family(of: $0.name, types: types) == family || $0.name == family }) else {
                        throw fail("TYPE after samples of \(family)")
                    }
                    types[family] = String(parts[3])
                }
                continue
            }
            guard let match = try #/([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?/#.wholeMatch(in: line) else { throw fail("not a sample") }
            guard let value = Self.number(String(match.4)) else { throw fail("bad value") }
            var labels: [String: String] = [:]
            if let body = match.3 {
                var rest = Substring(body)
                while !rest.isEmpty {
                    guard let pair = try #/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)",?/#.prefixMatch(in: rest) else { throw fail("bad labels") }
                    guard labels[String(pair.1)] == nil else { throw fail("label \(pair.1) twice") }
                    labels[String(pair.1)] = String(pair.2).replacingOccurrences(of: #"\""#, with: "\"").replacingOccurrences(of: #"\n"#, with: "\n")
                        .replacingOccurrences(of: #"\\"#, with: "\\")
                    rest = rest[pair.range.upperBound...]
                }
            }
            let sample = Sample(name: String(match.1), labels: labels, value: value)
            guard !samples.contains(where: { $0.name == sample.name && $0.labels == sample.labels }) else { throw fail("duplicate series") }
            samples.append(sample)
        }
        try checkHistograms()
    }

    /// The value of one series, or nil when it is absent.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Every series of a metric name.
    func series(_ name: String) -> [Sample] { samples.filter { $0.name == name } }

    /// Buckets rise, and the `+Inf` bucket equals `_count`.
    private func checkHistograms() throws {
        for (family, type) in types where type == "histogram" {
            let buckets = series("\(family)_bucket")
            var byLabels: [[String: String]: [(Double, Double)]] = [:]
            for bucket in buckets {
                var labels = bucket.labels
                guard let le = labels.removeValue(forKey: "le"), let bound = Self.number(le) else { throw Problem(description: "\(family): bucket without le") }
                byLabels[labels, default: []].append((bound, bucket.value))
            }
            for (labels, list) in byLabels {
                let sorted = list.sorted { $0.0 < $1.0 }
                guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0.1 <= $1.1 }) else { throw Problem(description: "\(family)\(labels): buckets fall") }
                guard sorted.last?.0 == .infinity, value("\(family)_count", labels) == sorted.last?.1 else {
                    throw Problem(description: "\(family)\(labels): +Inf bucket differs from _count")
                }
                guard value("\(family)_sum", labels) != nil else { throw Problem(description: "\(family)\(labels): no _sum") }
            }
        }
    }

    private static func family(of sample: String, types: [String: String]) -> String {
        for suffix in ["_bucket", "_count", "_sum"] where sample.hasSuffix(suffix) {
            let base = String(sample.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return sample
    }

    private static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}
