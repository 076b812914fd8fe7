import Foundation
import Yams

/// Turns the lanes file's YAML nodes into configuration, naming the line of each problem.
struct ConfigReader {
    let file: String
    typealias Problem = LanesConfiguration.Problem

    func configuration(_ root: Node, handlers: Set<String>) throws(Problem) -> LanesConfiguration {
        let top = try mapping(root, "the top level")
        try allowOnly(top, ["lanes", "operations", "schedules"], in: root, "the top level")
        var lanes: [LaneConfig] = LaneConfig.defaults
        if let lanesNode = top["lanes"] {
            lanes = []
            for (nameNode, laneNode) in try mapping(lanesNode, "lanes").sorted(by: { $0.key < $1.key }) {
                lanes.append(try lane(nameNode, laneNode))
            }
            let order = (lanesNode.mapping?.keys.compactMap(\.string)) ?? []
            lanes.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
            if lanes.isEmpty { throw problem(lanesNode, "lanes: at least one lane is needed") }
        }
        var operations = Dictionary(OperationConfig.trials.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if let opsNode = top["operations"] {
            for (name, node) in try mapping(opsNode, "operations") {
                operations[name] = try operation(name, node, handlers: handlers, lanes: Set(lanes.map(\.name)))
            }
        }
        var schedules: [Schedule] = []
        if let schedulesNode = top["schedules"] {
            for (name, node) in try mapping(schedulesNode, "schedules").sorted(by: { $0.key < $1.key }) {
                schedules.append(try schedule(name, node, lanes: Set(lanes.map(\.name))))
            }
        }
        return LanesConfiguration(lanes: lanes, operations: Array(operations.values), schedules: schedules)
    }

    private func schedule(_ name: String, _ node: Node, lanes: Set<String>) throws(Problem) -> Schedule {
        let map = try mapping(node, "schedule '\(name)'")
        try allowOnly(map, ["cron", "interval", "at", "timezone", "task"], in: node, "schedules.\(name)")
        guard let taskNode = map["task"] else { throw problem(node, "schedules.\(name): 'task' is required") }
        let task = try mapping(taskNode, "schedules.\(name).task")
        try allowOnly(task, ["queue", "operation", "data", "metadata", "priority"], in: taskNode, "schedules.\(name).task")
        guard let queue = task["queue"]?.string, lanes.contains(queue) else {
            throw problem(taskNode, "schedules.\(name).task.queue: one of \(lanes.sorted().joined(separator: ", ")) is required")
        }
        guard let operation = task["operation"]?.string else { throw problem(taskNode, "schedules.\(name).task.operation is required") }
        let newTask = NewTask(queue: queue, operation: operation, data: try json(task["data"], "schedules.\(name).task.data"),
                              metadata: try json(task["metadata"], "schedules.\(name).task.metadata"),
                              priority: try int(task["priority"], "schedules.\(name).task.priority", range: 0...100) ?? 50)
        let result = Schedule(name: name, cron: map["cron"]?.string, interval: map["interval"]?.string, at: map["at"]?.string,
                              timezone: map["timezone"]?.string ?? "UTC", task: newTask)
        do { _ = try result.timing() } catch { throw problem(node, "schedules.\(name).\(error.field): \(error.description)") }
        return result
    }

    /// A mapping node as JSON object text ("{}" when absent).
    private func json(_ node: Node?, _ path: String) throws(Problem) -> String {
        guard let node else { return "{}" }
        guard node.mapping != nil, let value = try? Yams.load(yaml: Yams.serialize(node: node)),
            JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { throw problem(node, "\(path): expected a mapping") }
        return String(decoding: data, as: UTF8.self)
    }

    private func lane(_ name: String, _ node: Node) throws(Problem) -> LaneConfig {
        guard LaneConfig.isValidName(name) else { throw problem(node, "lane '\(name)': use letters, digits, '-' and '_'") }
        let map = try mapping(node, "lane '\(name)'")
        try allowOnly(map, ["concurrency", "global_limit", "timeout_seconds", "retry", "result_retention_seconds"], in: node, "lane '\(name)'")
        var lane = LaneConfig(name: name, concurrency: 1)
        lane.concurrency = try int(map["concurrency"], "lanes.\(name).concurrency", range: 1...1000) ?? 1
        lane.globalLimit = try int(map["global_limit"], "lanes.\(name).global_limit", range: 1...100_000)
        lane.defaultTimeoutSeconds = try int(map["timeout_seconds"], "lanes.\(name).timeout_seconds", range: 1...604_800) ?? 300
        lane.resultRetentionSeconds = try int(map["result_retention_seconds"], "lanes.\(name).result_retention_seconds", range: 1...31_536_000) ?? 604_800
        if let retryNode = map["retry"] { lane.retry = try retry(retryNode, "lanes.\(name).retry", base: RetryPolicy()) }
        return lane
    }

    private func operation(_ name: String, _ node: Node, handlers: Set<String>, lanes: Set<String>) throws(Problem) -> OperationConfig {
        let map = try mapping(node, "operation '\(name)'")
        try allowOnly(map, ["handler", "timeout_seconds", "retry", "max_retries", "lanes", "command", "env", "url", "headers"], in: node, "operation '\(name)'")
        guard let handler = map["handler"]?.string else { throw problem(node, "operations.\(name): 'handler' is required (one of \(handlers.sorted().joined(separator: ", ")))") }
        guard handlers.contains(handler) else {
            throw problem(map["handler"]!, "operations.\(name).handler: unknown handler '\(handler)' (known: \(handlers.sorted().joined(separator: ", ")))")
        }
        var op = OperationConfig(name: name, handler: handler)
        op.timeoutSeconds = try int(map["timeout_seconds"], "operations.\(name).timeout_seconds", range: 1...604_800)
        if let retryNode = map["retry"] { op.retry = try retry(retryNode, "operations.\(name).retry", base: RetryPolicy()) }
        if let max = try int(map["max_retries"], "operations.\(name).max_retries", range: 0...100) {
            op.retry = (op.retry ?? RetryPolicy()).with(maxRetries: max)
        }
        if let lanesNode = map["lanes"] {
            let names = try strings(lanesNode, "operations.\(name).lanes")
            if let unknown = names.first(where: { !lanes.contains($0) }) { throw problem(lanesNode, "operations.\(name).lanes: unknown lane '\(unknown)'") }
            op.lanes = names
        }
        if let commandNode = map["command"] { op.command = try strings(commandNode, "operations.\(name).command") }
        if handler == "exec" && (op.command ?? []).isEmpty { throw problem(node, "operations.\(name): the exec handler needs 'command' (a list)") }
        op.url = map["url"]?.string
        if handler == "http" && op.url == nil { throw problem(node, "operations.\(name): the http handler needs 'url'") }
        if let env = map["env"] { op.environment = try stringMap(env, "operations.\(name).env") }
        if let headers = map["headers"] { op.headers = try stringMap(headers, "operations.\(name).headers") }
        return op
    }

    private func retry(_ node: Node, _ path: String, base: RetryPolicy) throws(Problem) -> RetryPolicy {
        let map = try mapping(node, path)
        try allowOnly(map, ["max_retries", "backoff_base_seconds", "backoff_factor", "backoff_max_seconds", "jitter"], in: node, path)
        var policy = base
        policy.maxRetries = try int(map["max_retries"], "\(path).max_retries", range: 0...100) ?? base.maxRetries
        policy.backoffBaseSeconds = try double(map["backoff_base_seconds"], "\(path).backoff_base_seconds", range: 0...86_400) ?? base.backoffBaseSeconds
        policy.backoffFactor = try double(map["backoff_factor"], "\(path).backoff_factor", range: 1...100) ?? base.backoffFactor
        policy.backoffMaxSeconds = try double(map["backoff_max_seconds"], "\(path).backoff_max_seconds", range: 0...604_800) ?? base.backoffMaxSeconds
        policy.jitter = try double(map["jitter"], "\(path).jitter", range: 0...1) ?? base.jitter
        return policy
    }

    // MARK: node helpers

    private func problem(_ node: Node, _ message: String) -> Problem {
        if let mark = node.mark { return Problem("\(file):\(mark.line): \(message)") }
        return Problem("\(file): \(message)")
    }

    private func mapping(_ node: Node, _ what: String) throws(Problem) -> [String: Node] {
        guard let map = node.mapping else { throw problem(node, "\(what) must be a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in map { if let name = key.string { result[name] = value } }
        return result
    }

    private func allowOnly(_ map: [String: Node], _ allowed: Set<String>, in node: Node, _ what: String) throws(Problem) {
        if let unknown = map.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw problem(map[unknown] ?? node, "\(what): unknown setting '\(unknown)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private func int(_ node: Node?, _ path: String, range: ClosedRange<Int>) throws(Problem) -> Int? {
        guard let node else { return nil }
        guard let value = node.int, range.contains(value) else {
            throw problem(node, "\(path): expected a whole number in \(range.lowerBound)...\(range.upperBound), got '\(node.string ?? "?")'")
        }
        return value
    }

    private func double(_ node: Node?, _ path: String, range: ClosedRange<Double>) throws(Problem) -> Double? {
        guard let node else { return nil }
        guard let value = node.float, range.contains(value) else {
            throw problem(node, "\(path): expected a number in \(range.lowerBound)...\(range.upperBound), got '\(node.string ?? "?")'")
        }
        return value
    }

    private func strings(_ node: Node, _ path: String) throws(Problem) -> [String] {
        guard let items = node.sequence else { throw problem(node, "\(path): expected a list") }
        var result: [String] = []
        for item in items {
            guard let s = item.string else { throw problem(item, "\(path): expected text items") }
            result.append(s)
        }
        return result
    }

    private func stringMap(_ node: Node, _ path: String) throws(Problem) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try mapping(node, path) {
            guard let s = value.string else { throw problem(value, "\(path).\(key): expected text") }
            result[key] = s
        }
        return result
    }
}

extension RetryPolicy {
    func with(maxRetries: Int) -> RetryPolicy {
        var copy = self
        copy.maxRetries = maxRetries
        return copy
    }
}
