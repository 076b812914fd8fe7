/// The table of lanes shared by `stats` and `watch`: current counts, finished counters, limits.
enum LaneTable {
    static let counts = ["queued", "scheduled", "waiting", "running", "completed", "failed", "cancelled", "retried", "recovered"]

    /// The table of a `/stats` answer's lanes with a TOTAL row; `rates` (finished per second by lane) adds a RATE column.
    static func render(_ lanes: [JSON], rates: [String: Double]? = nil) -> String {
        var headers = ["QUEUE"] + counts.map { $0.uppercased() } + ["SLOTS", "LIMIT", "OLDEST"]
        if rates != nil { headers.append("DONE/S") }
        var table = Table(headers, rightAligned: Set(1..<headers.count))
        var totals = Array(repeating: 0, count: counts.count)
        for lane in lanes {
            let values = counts.map { lane[$0].int ?? 0 }
            for (i, v) in values.enumerated() { totals[i] += v }
            var row = [lane["queue"].string ?? "?"] + values.map(String.init)
            row += [lane["concurrency"].int.map(String.init) ?? "-", lane["global_limit"].int.map(String.init) ?? "-",
                    lane["oldest_queued_age_seconds"].double.map { Format.seconds($0.rounded()) } ?? "-"]
            if let rates { row.append(rates[lane["queue"].string ?? ""].map { String(format: "%.1f", $0) } ?? "-") }
            table.add(row)
        }
        if lanes.count > 1 { table.add(["TOTAL"] + totals.map(String.init)) }
        return table.text
    }
}
