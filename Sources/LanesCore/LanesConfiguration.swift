import Foundation
import Yams

/// The lanes file (`config/lanes.yaml`): lanes, their limits and retry policy, and operations.
public struct LanesConfiguration: Sendable, Equatable {
    public var lanes: [LaneConfig]
    public var operations: [String: OperationConfig]
    /// Recurring schedules declared in the file; workers save them at start-up.
    public var schedules: [Schedule]

    public init(lanes: [LaneConfig] = LaneConfig.defaults, operations: [OperationConfig] = OperationConfig.trials, schedules: [Schedule] = []) {
        self.lanes = lanes
        self.operations = Dictionary(operations.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.schedules = schedules
    }

    /// A configuration problem, naming the file, the line when known, and what is wrong.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Reads and checks a lanes file.
    public static func load(path: String, extraHandlers: Set<String> = []) throws(Problem) -> LanesConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Problem("\(path): cannot read the file")
        }
        return try parse(yaml: text, file: path, extraHandlers: extraHandlers)
    }

    /// Parses and checks a lanes file's text. Handlers must be built in or in `extraHandlers`.
    public static func parse(yaml text: String, file: String = "lanes.yaml", extraHandlers: Set<String> = []) throws(Problem) -> LanesConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return LanesConfiguration() }
            root = node
        } catch let error as YamlError {
            throw Problem("\(file): \(describe(error))")
        } catch {
            throw Problem("\(file): \(error)")
        }
        let reader = ConfigReader(file: file)
        return try reader.configuration(root, handlers: OperationConfig.builtInHandlers.union(extraHandlers))
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return "\(error)"
        }
    }

    /// The settings of an operation in a lane: nil when the lane may not run it.
    public func operation(_ name: String, lane: String) -> OperationConfig? {
        guard let op = operations[name] else { return nil }
        if let allowed = op.lanes, !allowed.contains(lane) { return nil }
        return op
    }

    /// Lane by name.
    public func lane(_ name: String) -> LaneConfig? { lanes.first { $0.name == name } }
}
