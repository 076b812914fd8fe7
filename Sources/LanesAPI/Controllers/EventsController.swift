import Synchronization
import Hummingbird
import LanesCore
import LanesStore

/// `GET /events`: Server-Sent Events of state changes, filtered by queue, group or task, resuming
/// after `Last-Event-ID` (the events are kept in a capped stream per lane).
struct EventsController {
    let services: APIServices

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("events", use: stream)
        return routes
    }

    @Sendable func stream(_ request: Request, context: APIRequestContext) async throws -> Response {
        let store = services.store
        let queue = request.query("queue").flatMap { $0.isEmpty ? nil : $0 }
        if let queue, store.lanes[queue] == nil {
            throw APIError.invalid("unknown queue '\(queue)'; configured queues: \(store.laneNames.joined(separator: ", "))")
        }
        let taskID = request.query("task_id").flatMap { $0.isEmpty ? nil : $0 }
        let group = request.query("group").flatMap { $0.isEmpty ? nil : $0 }
        var resume: EventCursor?
        if let last = request.headers[.init("Last-Event-ID")!] ?? request.query("last_event_id") {
            guard let cursor = EventCursor(last) else { throw APIError(.badRequest, "invalid_request", "Last-Event-ID '\(last.prefix(80))' is not an id this stream sent") }
            resume = cursor
        }
        let live = services.events.subscribe()
        var initial = resume ?? EventCursor()
        if resume == nil { initial = try await store.latestEventCursor() }
        let start = initial
        let groupMembers = GroupFilter(store: store, group: group)
        let body = ResponseBody { writer in
            var cursor = start
            func matches(_ event: TaskEvent) async -> Bool {
                if let queue, event.lane != queue { return false }
                if let taskID, event.taskID != taskID { return false }
                if group != nil { return await groupMembers.contains(event) }
                return true
            }
            func send(_ event: TaskEvent) async throws {
                cursor = cursor.advanced(past: event)
                guard await matches(event) else { return }
                var w = JSONWriter()
                w.beginObject()
                w.string("event", event.event)
                w.string("task_id", event.taskID)
                w.string("queue", event.lane)
                w.string("status", event.status)
                for key in ["progress", "message", "error"] { if let value = event.fields[key] { w.string(key, value) } }
                w.endObject()
                try await writer.write(ByteBuffer(string: "id: \(cursor)\nevent: \(event.event)\ndata: \(w.text)\n\n"))
            }
            try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            // Catch up from the cursor, then follow the live feed, skipping what was already sent.
            while true {
                let backlog = try await store.readEvents(after: cursor, count: 1000)
                if backlog.isEmpty { break }
                for event in backlog { try await send(event) }
            }
            try await withEventFeed(live, keepAlive: .seconds(15)) { feed in
                for await item in feed {
                    switch item {
                    case .event(let event):
                        guard event.isAfter(cursor.positions[event.lane]) else { continue }
                        try await send(event)
                    case .keepAlive:
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}

/// Remembers which task ids belong to a group (looked up once per task).
final class GroupFilter: Sendable {
    let store: TaskStore
    let group: String?
    private let known = Mutex<[String: Bool]>([:])

    init(store: TaskStore, group: String?) {
        self.store = store
        self.group = group
    }

    func contains(_ event: TaskEvent) async -> Bool {
        if let cached = known.withLock({ $0[event.taskID] }) { return cached }
        let member = (try? await store.task(id: event.taskID))?.group == group
        known.withLock { $0[event.taskID] = member }
        return member
    }
}
