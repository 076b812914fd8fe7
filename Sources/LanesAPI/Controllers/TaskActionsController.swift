import Foundation
import Hummingbird
import LanesCore
import LanesStore

/// Retry, run now, and the bulk actions: cancel by ids or metadata, cancel all, clear history.
struct TaskActionsController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.post("tasks/:id/retry", use: retry)
        routes.post("tasks/:id/execute", use: execute)
        routes.post("tasks/cancel", use: cancelMany)
        routes.delete("tasks", use: cancelAll)
        routes.delete("tasks/history", use: clearHistory)
        return routes
    }

    @Sendable func retry(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.taskID()
        let newID: String
        do {
            newID = try await store.retry(id: id)
        } catch {
            throw error.code == .invalidState ? APIError(.badRequest, "not_failed", error.message) : APIError.from(error)
        }
        context.audit.record("retry", tasks: [id, newID], outcome: "created")
        return JSONResponse.object(status: .created) { w in
            w.string("new_task_id", newID)
            w.string("original_task_id", id)
        }
    }

    @Sendable func execute(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.taskID()
        let task: TaskRecord
        do {
            task = try await store.runNow(id: id)
        } catch {
            throw error.code == .invalidState ? APIError(.conflict, "not_ready", error.message) : APIError.from(error)
        }
        context.audit.record("execute", tasks: [id], outcome: "front of queue")
        return JSONResponse.make(body: JSONWriter.task(task))
    }

    @Sendable func cancelMany(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.json(limit: services.configuration.maxBodyBytes)
        guard body.isObject else { throw APIError(.badRequest, "invalid_request", "request body must be a JSON object") }
        if let unknown = body.keys.first(where: { !["task_ids", "metadata", "queue"].contains($0) }) {
            throw APIError(.badRequest, "invalid_request", "\(unknown): unknown field (allowed: task_ids, metadata, queue)")
        }
        let ids = body["task_ids"], metadata = body["metadata"]
        switch (ids, metadata) {
        case (let ids?, nil):
            guard case .array(let items, _) = ids, (1...1000).contains(items.count) else {
                throw APIError(.badRequest, "invalid_request", "task_ids must be a list of 1-1000 task ids")
            }
            let list = try items.map { item in
                guard let id = item.stringValue else { throw APIError(.badRequest, "invalid_request", "task_ids: every item must be a string") }
                return id
            }
            let results = try await store.cancel(ids: list)
            var failed: [(String, String)] = []
            for (id, result) in zip(list, results) {
                if case .failure(let error) = result { failed.append((id, error.message)) }
            }
            context.audit.record("cancel_ids", tasks: list, outcome: "cancelled \(list.count - failed.count)")
            return JSONResponse.object { w in
                w.int("cancelled_count", list.count - failed.count)
                w.int("requested_count", list.count)
                w.beginArray("failed")
                for (id, reason) in failed {
                    w.beginObject()
                    w.string("task_id", id)
                    w.string("reason", reason)
                    w.endObject()
                }
                w.endArray()
            }
        case (nil, let metadata?):
            guard case .object(let members, _) = metadata, !members.isEmpty else {
                throw APIError(.badRequest, "invalid_request", "metadata must be a non-empty JSON object to match")
            }
            let queue = try laneParameter(body["queue"]?.stringValue, given: body["queue"])
            // An empty filter would match every task: refuse anything Foundation reads differently.
            guard let filter = (try? JSONSerialization.jsonObject(with: Data(metadata.raw.utf8))) as? [String: Any], !filter.isEmpty else {
                throw APIError.invalid("metadata: cannot be matched; send a JSON object of the fields to match")
            }
            let count = try await store.cancel(metadata: filter, lane: queue)
            context.audit.record("cancel_metadata", outcome: "cancelled \(count)")
            return JSONResponse.object { $0.int("cancelled", count) }
        default:
            throw APIError(.badRequest, "invalid_request", "give either task_ids or metadata (with an optional queue), not both or neither")
        }
    }

    @Sendable func cancelAll(_ request: Request, context: APIRequestContext) async throws -> Response {
        let queue = try laneParameter(request.query("queue"))
        let count = try await store.cancelAll(lane: queue)
        context.audit.record("cancel_all", outcome: "cancelled \(count) in \(queue ?? "all queues")")
        return JSONResponse.object { w in
            w.int("cancelled", count)
            w.string("queue", queue)
        }
    }

    @Sendable func clearHistory(_ request: Request, context: APIRequestContext) async throws -> Response {
        let queue = try laneParameter(request.query("queue"))
        let hours = try request.queryDouble("older_than_hours", default: 0, range: 0...8760)
        let count = try await store.clearHistory(lane: queue, olderThanHours: hours)
        context.audit.record("clear_history", outcome: "cleared \(count) in \(queue ?? "all queues")")
        return JSONResponse.object { w in
            w.int("cleared", count)
            w.string("queue", queue)
        }
    }

    /// A lane name from a parameter: nil when absent, 422 listing the lanes when unknown.
    private func laneParameter(_ name: String?, given value: JSONValue? = nil) throws -> String? {
        if let value, value != .null, value.stringValue == nil { throw APIError.invalid("queue must be a string, got \(value.kind)") }
        guard let name else { return nil }
        guard store.lanes[name] != nil else {
            throw APIError.invalid("unknown queue '\(name)'; configured queues: \(store.laneNames.joined(separator: ", "))")
        }
        return name
    }
}
