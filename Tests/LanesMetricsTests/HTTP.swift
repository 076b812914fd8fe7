import Foundation

/// A plain HTTP GET through curl, as a scraper would make it.
enum HTTP {
    struct Reply {
        let status: Int
        let contentType: String?
        let body: String
    }

    static func get(_ url: String, bearer: String? = nil) throws -> Reply {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-m", "5", "-D", "-", "-o", "-"] + (bearer.map { ["-H", "Authorization: Bearer \($0)"] } ?? []) + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "curl \(url) failed"]) }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw CocoaError(.fileReadCorruptFile) }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        let type = head.first { $0.lowercased().hasPrefix("content-type:") }.map { $0.dropFirst(13).trimmingCharacters(in: .whitespaces) }
        return Reply(status: status, contentType: type, body: String(text[split.upperBound...]))
    }
}

/// `promtool check metrics` on exposition text, when promtool is installed (apt `prometheus`).
enum Promtool {
    static var path: String? { ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) } }

    struct Problem: Error, CustomStringConvertible { let description: String }

    static func check(_ text: String) throws {
        guard let path else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Problem(description: "promtool check metrics: \(said)") }
    }
}
