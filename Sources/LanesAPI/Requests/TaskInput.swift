import Foundation
import LanesCore

/// Turns a create-task JSON object into a `NewTask`, naming the field and the problem (422).
enum TaskInput {
    static let fields: Set<String> = [
        "queue", "operation", "data", "priority", "metadata", "max_retries", "retry_on_crash", "timeout_seconds",
        "group", "depends_on", "delay_seconds", "scheduled_for", "unique_key", "callback_url",
    ]

    /// Validates `body`; `path` prefixes field names in messages (e.g. `tasks[3].`).
    static func parse(_ body: JSONValue, path: String = "", idempotencyKey: String? = nil, now: Int64 = Clock.nowMs()) throws -> NewTask {
        guard body.isObject else { throw APIError.invalid("\(path.isEmpty ? "request body" : String(path.dropLast())) must be a JSON object, got \(body.kind)") }
        if let unknown = body.keys.first(where: { !fields.contains($0) }) {
            throw APIError.invalid("\(path)\(unknown): unknown field (allowed: \(fields.sorted().joined(separator: ", ")))")
        }
        let queue = try requiredString(body, "queue", path)
        let operation = try requiredString(body, "operation", path)
        guard let data = body["data"] else { throw APIError.invalid("\(path)data is required (a JSON object)") }
        guard data.isObject else { throw APIError.invalid("\(path)data must be a JSON object, got \(data.kind)") }
        var task = NewTask(queue: queue, operation: operation, data: data.raw)
        if let metadata = body["metadata"], metadata != .null {
            guard metadata.isObject else { throw APIError.invalid("\(path)metadata must be a JSON object, got \(metadata.kind)") }
            task.metadata = metadata.raw
        }
        task.priority = try int(body, "priority", path, 0...100) ?? 50
        task.maxRetries = try int(body, "max_retries", path, 0...100)
        task.timeoutSeconds = try int(body, "timeout_seconds", path, 1...604_800)
        if let retry = body["retry_on_crash"], retry != .null {
            guard let flag = retry.boolValue else { throw APIError.invalid("\(path)retry_on_crash must be true or false, got \(retry.kind)") }
            task.retryOnCrash = flag
        }
        task.group = try optionalString(body, "group", path, maxLength: 200)
        task.uniqueKey = try optionalString(body, "unique_key", path, maxLength: 200)
        if let callback = try optionalString(body, "callback_url", path, maxLength: 2000) {
            guard let url = URL(string: callback), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw APIError.invalid("\(path)callback_url must be an http or https URL")
            }
            task.callbackURL = callback
        }
        task.dependsOn = try dependencies(body["depends_on"], path)
        let delay = body["delay_seconds"], at = body["scheduled_for"]
        if delay != nil && at != nil { throw APIError.invalid("\(path)give delay_seconds or scheduled_for, not both") }
        if let delay, delay != .null {
            guard let seconds = delay.doubleValue, seconds.isFinite, (0...31_536_000).contains(seconds) else {
                throw APIError.invalid("\(path)delay_seconds must be a number of seconds in 0...31536000, got \(delay.raw.prefix(40))")
            }
            task.runAt = seconds > 0 ? now + Int64(seconds * 1000) : nil
        }
        if let at, at != .null {
            guard let text = at.stringValue, let ms = Timestamp.parse(text) else {
                throw APIError.invalid("\(path)scheduled_for must be an ISO-8601 time such as 2026-11-23T08:00:00Z")
            }
            task.runAt = ms
        }
        task.idempotencyKey = idempotencyKey
        return task
    }

    private static func requiredString(_ body: JSONValue, _ name: String, _ path: String) throws -> String {
        guard let value = body[name] else { throw APIError.invalid("\(path)\(name) is required") }
        guard let text = value.stringValue else { throw APIError.invalid("\(path)\(name) must be a string, got \(value.kind)") }
        guard (1...200).contains(text.count), !text.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw APIError.invalid("\(path)\(name) must be 1-200 characters on one line")
        }
        return text
    }

    private static func optionalString(_ body: JSONValue, _ name: String, _ path: String, maxLength: Int) throws -> String? {
        guard let value = body[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw APIError.invalid("\(path)\(name) must be a string, got \(value.kind)") }
        guard (1...maxLength).contains(text.count), !text.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw APIError.invalid("\(path)\(name) must be 1-\(maxLength) characters on one line")
        }
        return text
    }

    private static func int(_ body: JSONValue, _ name: String, _ path: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let value = body[name], value != .null else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw APIError.invalid("\(path)\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \(value.raw.prefix(40))")
        }
        return number
    }

    private static func dependencies(_ value: JSONValue?, _ path: String) throws -> [String] {
        guard let value, value != .null else { return [] }
        let items: [JSONValue]
        switch value {
        case .string: items = [value]
        case .array(let list, _): items = list
        default: throw APIError.invalid("\(path)depends_on must be a task id or a list of task ids, got \(value.kind)")
        }
        guard items.count <= 100 else { throw APIError.invalid("\(path)depends_on: at most 100 ids") }
        return try items.map { item in
            guard let id = item.stringValue, TaskID.isValid(id) else {
                throw APIError.invalid("\(path)depends_on: '\(item.raw.prefix(70))' is not a task id")
            }
            return id
        }
    }
}
