import Foundation
import LanesCore

/// Finds the handler of a task: a Swift handler registered under its operation name, else the
/// handler its operation names in config/ (built in, or registered under that handler name).
public struct HandlerRegistry: Sendable {
    private var custom: [String: any TaskHandler] = [:]
    let configuration: LanesConfiguration
    /// `exec`: how long a cancelled command gets between SIGTERM and SIGKILL.
    public var killGrace: Duration = .seconds(5)

    /// A registry of the built-in handlers for `configuration`'s operations.
    public init(configuration: LanesConfiguration) {
        self.configuration = configuration
    }

    /// Registers a Swift handler under a name: an operation name, or a handler name config/ can use.
    public mutating func register(_ name: String, _ handler: any TaskHandler) {
        custom[name] = handler
    }

    /// The names registered in Swift (valid as `handler:` in config/).
    public var customNames: Set<String> { Set(custom.keys) }

    /// What runs an operation in a lane.
    public enum Resolution: Sendable {
        case handler(any TaskHandler, settings: OperationConfig?)
        /// Nothing can run it: the task fails at once, never retried, with this message.
        case missing(String)
    }

    /// The handler and operation settings for an operation in a lane.
    public func resolve(operation: String, lane: String) -> Resolution {
        if let handler = custom[operation] { return .handler(handler, settings: configuration.operation(operation, lane: lane)) }
        guard let op = configuration.operation(operation, lane: lane) else {
            if configuration.operations[operation] != nil {
                return .missing("operation '\(operation)' may not run in lane '\(lane)' (see its lanes: in config/)")
            }
            return .missing("no handler for operation '\(operation)' in lane '\(lane)'")
        }
        if let handler = custom[op.handler] { return .handler(handler, settings: op) }
        switch op.handler {
        case "noop": return .handler(NoopHandler(), settings: op)
        case "sleep": return .handler(SleepHandler(), settings: op)
        case "echo": return .handler(EchoHandler(), settings: op)
        case "fail": return .handler(FailHandler(), settings: op)
        case "exec":
            guard let command = op.command, !command.isEmpty else { return .missing("operation '\(operation)': exec without a command") }
            return .handler(ExecHandler(command: command, environment: op.environment, killGrace: killGrace), settings: op)
        case "http":
            guard let url = op.url.flatMap(URL.init(string:)) else { return .missing("operation '\(operation)': http without a valid url") }
            return .handler(HTTPHandler(url: url, headers: op.headers, timeoutSeconds: Double(op.timeoutSeconds ?? 60)), settings: op)
        default:
            return .missing("operation '\(operation)' names handler '\(op.handler)', which this worker does not have")
        }
    }
}
