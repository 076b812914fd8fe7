import Hummingbird
import LanesCore
import LanesStore

/// Queue views: counts of every lane or one, and the task a worker would claim next.
struct StatsController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("stats", use: stats)
        routes.get("stats/:queue", use: laneStats)
        routes.get("next", use: next)
        return routes
    }

    @Sendable func stats(_ request: Request, context: APIRequestContext) async throws -> Response {
        let all = try await store.stats()
        let activity = try await store.activity()
        var totals: [String: Int] = [:]
        for s in all {
            for (status, count) in [("queued", s.queued), ("scheduled", s.scheduled), ("waiting", s.waiting), ("running", s.running),
                                    ("completed", s.completed), ("failed", s.failed), ("cancelled", s.cancelled)] {
                totals[status, default: 0] += count
            }
        }
        return JSONResponse.object { w in
            w.beginArray("queues")
            for (s, a) in zip(all, activity) { laneObject(&w, s, a) }
            w.endArray()
            w.beginObject("by_status")
            for status in TaskStatus.allCases { w.int(status.rawValue, totals[status.rawValue] ?? 0) }
            w.endObject()
            w.int("total", totals.values.reduce(0, +))
            w.string("note", "queued, scheduled, waiting and running are current; completed, failed and cancelled count since each queue began")
        }
    }

    @Sendable func laneStats(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = context.parameters.get("queue") ?? ""
        guard store.lanes[name] != nil else {
            throw APIError.notFound("unknown queue '\(name)'; configured queues: \(store.laneNames.joined(separator: ", "))")
        }
        let s = try await store.stats(lanes: [name])[0]
        let a = try await store.activity(lanes: [name])[0]
        var writer = JSONWriter()
        laneObject(&writer, s, a)
        return JSONResponse.make(body: writer.text)
    }

    private func laneObject(_ w: inout JSONWriter, _ s: LaneStats, _ a: LaneActivity) {
        let lane = store.lanes[s.lane]
        w.beginObject()
        w.string("queue", s.lane)
        w.int("queued", s.queued)
        w.int("scheduled", s.scheduled)
        w.int("waiting", s.waiting)
        w.int("running", s.running)
        w.int("completed", s.completed)
        w.int("failed", s.failed)
        w.int("cancelled", s.cancelled)
        w.int("retried", s.retried)
        w.int("recovered", s.recovered)
        w.int("concurrency", lane?.concurrency)
        w.int("global_limit", lane?.globalLimit)
        // Recent activity: finished per minute (oldest minute first) and the oldest queued task's wait.
        w.beginArray("finished_per_minute")
        for n in a.finishedPerMinute { w.element(String(n)) }
        w.endArray()
        w.double("oldest_queued_age_seconds", a.oldestReadyAt.map { Double(max(Clock.nowMs() - $0, 0)) / 1000 })
        w.endObject()
    }

    @Sendable func next(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let queue = request.query("queue"), !queue.isEmpty else {
            throw APIError.invalid("queue is required; configured queues: \(store.laneNames.joined(separator: ", "))")
        }
        guard store.lanes[queue] != nil else {
            throw APIError.invalid("unknown queue '\(queue)'; configured queues: \(store.laneNames.joined(separator: ", "))")
        }
        guard let task = try await store.next(lane: queue) else { return Response(status: .noContent) }
        return JSONResponse.make(body: JSONWriter.task(task))
    }
}
