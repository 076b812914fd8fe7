/// A plain-text table: a header row and aligned columns, numbers on the right.
struct Table {
    /// Column titles, upper case by convention.
    let headers: [String]
    /// Columns (by index) aligned to the right, e.g. counts.
    var rightAligned: Set<Int> = []
    private(set) var rows: [[String]] = []

    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    /// Adds a row; missing cells are blank.
    mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The table as lines joined by newlines, with a trailing newline.
    var text: String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        var out = ""
        for row in all {
            let cells = headers.indices.map { column -> String in
                let cell = row.indices.contains(column) ? row[column] : ""
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
