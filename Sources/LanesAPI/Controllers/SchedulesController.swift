import Hummingbird
import LanesCore
import LanesStore

/// Recurring schedules: list, create or replace, show, delete, pause and resume.
struct SchedulesController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("schedules", use: list)
        routes.post("schedules", use: create)
        routes.get("schedules/:name", use: show)
        routes.delete("schedules/:name", use: delete)
        routes.post("schedules/:name/pause") { request, context in try await setPaused(context, true) }
        routes.post("schedules/:name/resume") { request, context in try await setPaused(context, false) }
        return routes
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let all = try await store.schedules()
        return JSONResponse.object { w in
            w.beginArray("schedules")
            for status in all { Self.write(&w, status) }
            w.endArray()
            w.int("total", all.count)
        }
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.json(limit: services.configuration.maxBodyBytes)
        guard body.isObject else { throw APIError.invalid("request body must be a JSON object, got \(body.kind)") }
        let allowed: Set<String> = ["name", "cron", "interval", "at", "timezone", "task", "paused"]
        if let unknown = body.keys.first(where: { !allowed.contains($0) }) {
            throw APIError.invalid("\(unknown): unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        func text(_ name: String) throws -> String? {
            guard let value = body[name], value != .null else { return nil }
            guard let s = value.stringValue else { throw APIError.invalid("\(name) must be a string, got \(value.kind)") }
            return s
        }
        guard let name = try text("name") else { throw APIError.invalid("name is required") }
        guard let taskBody = body["task"] else { throw APIError.invalid("task is required: {queue, operation, data, priority?, metadata?}") }
        var task = try TaskInput.parse(taskBody, path: "task.")
        task.runAt = nil
        let paused = body["paused"]?.boolValue ?? false
        let schedule = Schedule(name: name, cron: try text("cron"), interval: try text("interval"), at: try text("at"),
                                timezone: try text("timezone") ?? "UTC", task: task, paused: paused)
        do { _ = try schedule.timing() } catch { throw APIError.invalid("\(error.field): \(error.description)") }
        try await store.saveSchedule(schedule)
        context.audit.record("schedule_save", outcome: name)
        guard let saved = try await store.schedule(named: name) else { throw APIError.notFound("schedule \(name) not found") }
        var w = JSONWriter()
        Self.write(&w, saved)
        return JSONResponse.make(status: .created, body: w.text)
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard let status = try await store.schedule(named: name) else { throw APIError.notFound("schedule \(name) not found") }
        var w = JSONWriter()
        Self.write(&w, status)
        return JSONResponse.make(body: w.text)
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard try await store.deleteSchedule(named: name) else { throw APIError.notFound("schedule \(name) not found") }
        context.audit.record("schedule_delete", outcome: name)
        return JSONResponse.object { $0.string("deleted", name) }
    }

    func setPaused(_ context: APIRequestContext, _ paused: Bool) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard try await store.setSchedulePaused(name, paused: paused) else { throw APIError.notFound("schedule \(name) not found") }
        context.audit.record(paused ? "schedule_pause" : "schedule_resume", outcome: name)
        guard let status = try await store.schedule(named: name) else { throw APIError.notFound("schedule \(name) not found") }
        var w = JSONWriter()
        Self.write(&w, status)
        return JSONResponse.make(body: w.text)
    }

    static func write(_ w: inout JSONWriter, _ s: ScheduleStatus) {
        w.beginObject()
        w.string("name", s.schedule.name)
        w.string("cron", s.schedule.cron)
        w.string("interval", s.schedule.interval)
        w.string("at", s.schedule.at)
        w.string("timezone", s.schedule.timezone)
        w.bool("paused", s.schedule.paused)
        w.beginObject("task")
        w.string("queue", s.schedule.task.queue)
        w.string("operation", s.schedule.task.operation)
        w.raw("data", s.schedule.task.data)
        w.raw("metadata", s.schedule.task.metadata)
        w.int("priority", s.schedule.task.priority)
        w.endObject()
        w.string("next_run_at", Timestamp.string(s.nextRunAt))
        w.string("last_run_at", Timestamp.string(s.lastRunAt))
        w.string("last_task_id", s.lastTaskID)
        w.string("last_task_status", s.lastTaskStatus?.rawValue)
        w.endObject()
    }
}
