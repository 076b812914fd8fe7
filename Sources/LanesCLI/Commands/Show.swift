import ArgumentParser
import Foundation

/// `lanes show ID`: one task in full, optionally with its log lines.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one task: status, timing, data, error and result.")

    @Argument(help: "The task id.") var id: String
    @Flag(help: "Also print the log lines its handler wrote.") var logs = false
    @OptionGroup var api: APIOptions

    func run() async throws {
        let client = try api.client()
        let path = "/tasks/\(APIClient.segment(id))"
        let answer = try await client.call("GET", path)
        let lines = logs ? try await client.call("GET", path + "/logs") : nil
        if api.json {
            Terminal.out(answer.text + "\n")
            if let lines { Terminal.out(lines.text + "\n") }
            return
        }
        var text = TaskText.details(answer.json)
        if let lines {
            let items = lines.json["lines"].array.compactMap(\.string)
            text += "logs" + (items.isEmpty ? "      (none)\n" : "\n" + items.map { "  \($0)\n" }.joined())
        }
        Terminal.out(text)
    }
}
