import Foundation
import Testing

/// The example rules in `config/prometheus/`, checked and unit-tested by promtool when it is installed.
@Suite("Example alert rules")
struct AlertRulesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/prometheus")

    @Test("the rules parse, each alert fires on its test history, and the scrape config is valid",
          .enabled(if: Promtool.path != nil, "promtool is not installed (apt install prometheus)"))
    func rules() throws {
        for arguments in [["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"], ["check", "config", "--syntax-only", "prometheus.yml"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Promtool.path!)
            process.arguments = arguments
            process.currentDirectoryURL = Self.directory
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "promtool \(arguments.joined(separator: " ")): \(said)")
        }
    }
}
