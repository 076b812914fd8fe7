import Foundation
import LanesCore

/// Finds the handler of a task: a Swift handler registered under its operation name, else the
/// handler its operation names in config/ (built in, or registered under that handler name).
public struct HandlerRegistry: Sendable {
    private var custom: [String: any TaskHandler] = [:]
    let configuration: LanesConfiguration

    public init(configuration: LanesConfiguration) {
        self.configuration = configuration
    }

    /// Registers a Swift handler under a name: an operation name, or a handler name config/ can use.
    public mutating func register(_ name: String, _ handler: any TaskHandler) {
        custom[name] = handler
    }

    /// The names registered in Swift (valid as `handler:` in config/).
    public var customNames: Set<String> { Set(custom.keys) }

    /// The handler and operation settings for an operation in a lane; nil when none is configured.
    public func resolve(operation: String, lane: String) -> (handler: any TaskHandler, settings: OperationConfig?)? {
        if let handler = custom[operation] { return (handler, configuration.operation(operation, lane: lane)) }
        guard let op = configuration.operation(operation, lane: lane) else { return nil }
        if let handler = custom[op.handler] { return (handler, op) }
        switch op.handler {
        case "noop": return (NoopHandler(), op)
        case "sleep": return (SleepHandler(), op)
        case "echo": return (EchoHandler(), op)
        case "fail": return (FailHandler(), op)
        case "exec": return (ExecHandler(command: op.command ?? [], environment: op.environment), op)
        case "http":
            guard let url = op.url.flatMap(URL.init(string:)) else { return nil }
            return (HTTPHandler(url: url, headers: op.headers, timeoutSeconds: Double(op.timeoutSeconds ?? 60)), op)
        default: return nil
        }
    }
}
