import Hummingbird
import LanesCore
import LanesStore

/// Creating, reading, listing and cancelling tasks.
struct TasksController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.post("tasks", use: create)
        routes.get("tasks", use: list)
        routes.post("tasks/batch", use: batch)
        routes.get("tasks/:id", use: show)
        routes.delete("tasks/:id", use: cancel)
        routes.get("tasks/:id/result", use: result)
        routes.get("tasks/:id/logs", use: logs)
        routes.get("tasks/:id/wait", use: wait)
        return routes
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.json(limit: services.configuration.maxBodyBytes)
        let idempotency = request.headers[.init("Idempotency-Key")!]
        if let key = idempotency, !(1...200).contains(key.count) { throw APIError.invalid("Idempotency-Key must be 1-200 characters") }
        let task = try TaskInput.parse(body, idempotencyKey: idempotency)
        let created = try await store.enqueueResolvingStaleKeys(task)
        context.audit.record("create", tasks: [created.id], lane: task.queue, outcome: created.created ? "created" : "existing")
        return JSONResponse.object(status: created.created ? .created : .ok) { $0.string("task_id", created.id) }
    }

    @Sendable func batch(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.json(limit: services.configuration.maxBodyBytes)
        guard case .array(let items, _)? = body["tasks"] else { throw APIError.invalid("tasks is required: a list of 1-1000 task objects") }
        guard (1...TaskStore.maxBatch).contains(items.count) else { throw APIError.invalid("tasks: 1-\(TaskStore.maxBatch) tasks per batch, got \(items.count)") }
        if let unknown = body.keys.first(where: { $0 != "tasks" }) { throw APIError.invalid("\(unknown): unknown field (allowed: tasks)") }
        let tasks = try items.enumerated().map { index, item in try TaskInput.parse(item, path: "tasks[\(index)].") }
        let results = try await store.enqueueBatch(tasks)
        context.audit.record("create_batch", tasks: results.map(\.id), outcome: "created \(results.filter(\.created).count)")
        return JSONResponse.object(status: .created) { w in
            w.beginArray("task_ids")
            for result in results { w.element(JSONWriter.quote(result.id)) }
            w.endArray()
            w.int("created", results.filter(\.created).count)
        }
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        var filter = TaskFilter()
        filter.limit = try request.queryInt("limit", default: 50, range: 1...1000)
        filter.offset = try request.queryInt("offset", default: 0, range: 0...1_000_000)
        if let queues = request.query("queues") ?? request.query("queue") {
            filter.lanes = queues.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            if let unknown = filter.lanes.first(where: { store.lanes[$0] == nil }) {
                throw APIError.invalid("unknown queue '\(unknown)'; configured queues: \(store.laneNames.joined(separator: ", "))")
            }
        }
        if let status = request.query("status") {
            guard let parsed = TaskStatus(rawValue: status) else {
                throw APIError.invalid("status must be one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(status)'")
            }
            filter.status = parsed
        }
        filter.operation = request.query("operation").flatMap { $0.isEmpty ? nil : $0 }
        filter.group = request.query("group").flatMap { $0.isEmpty ? nil : $0 }
        let page = try await store.list(filter)
        return JSONResponse.object { w in
            w.beginArray("tasks")
            for task in page.tasks { w.task(task) }
            w.endArray()
            w.int("total", page.total)
            w.int("total_in_queue", page.totalInQueue)
            w.beginArray("queues")
            for lane in page.lanes { w.element(JSONWriter.quote(lane)) }
            w.endArray()
            w.beginObject("pagination")
            w.int("limit", filter.limit)
            w.int("offset", filter.offset)
            w.int("total", page.total)
            w.int("total_in_queue", page.totalInQueue)
            w.bool("has_more", filter.offset + page.tasks.count < page.total)
            w.endObject()
        }
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        JSONResponse.make(body: JSONWriter.task(try await record(context)))
    }

    @Sendable func result(_ request: Request, context: APIRequestContext) async throws -> Response {
        let task = try await record(context)
        return JSONResponse.object { w in
            w.string("task_id", task.id)
            w.string("status", task.status.rawValue)
            w.raw("result", task.status == .completed ? task.result : nil)
        }
    }

    @Sendable func logs(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.taskID()
        guard let lines = try await store.logs(id: id) else { throw APIError.notFound("task \(id) not found") }
        return JSONResponse.object { w in
            w.string("task_id", id)
            w.beginArray("lines")
            for line in lines { w.element(JSONWriter.quote(line)) }
            w.endArray()
        }
    }

    @Sendable func wait(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.taskID()
        let timeout = try request.queryDouble("timeout", default: 30, range: 0...300)
        guard let task = try await services.events.waitUntilFinal(id: id, timeout: .milliseconds(Int64(timeout * 1000))) else {
            throw APIError.notFound("task \(id) not found")
        }
        return JSONResponse.make(body: JSONWriter.task(task))
    }

    @Sendable func cancel(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.taskID()
        let outcome: CancelOutcome
        do {
            outcome = try await store.cancel(id: id)
        } catch {
            context.audit.record("cancel", tasks: [id], outcome: "refused: \(error.message)")
            throw error.code == .invalidState ? APIError(.badRequest, "already_final", error.message) : APIError.from(error)
        }
        context.audit.record("cancel", tasks: [id], outcome: outcome.rawValue)
        return JSONResponse.object { w in
            w.string("status", "cancelled")
            w.string("task_id", id)
            w.bool("was_running", outcome == .cancelling)
        }
    }

    private func record(_ context: APIRequestContext) async throws -> TaskRecord {
        let id = try context.taskID()
        guard let task = try await store.task(id: id) else { throw APIError.notFound("task \(id) not found") }
        return task
    }
}
