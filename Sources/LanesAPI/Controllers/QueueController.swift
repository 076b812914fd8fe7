import Hummingbird
import LanesCore
import LanesStore

/// Queue-wide views and actions: stats, the next task, live workers, reconcile.
struct QueueController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("stats", use: stats)
        routes.get("stats/:queue", use: laneStats)
        routes.get("next", use: next)
        routes.get("workers", use: workers)
        routes.post("reconcile", use: reconcile)
        routes.get("health", use: health)
        return routes
    }

    @Sendable func stats(_ request: Request, context: APIRequestContext) async throws -> Response {
        let all = try await store.stats()
        var totals: [String: Int] = [:]
        for s in all {
            for (status, count) in [("queued", s.queued), ("scheduled", s.scheduled), ("waiting", s.waiting), ("running", s.running),
                                    ("completed", s.completed), ("failed", s.failed), ("cancelled", s.cancelled)] {
                totals[status, default: 0] += count
            }
        }
        return JSONResponse.object { w in
            w.beginArray("queues")
            for s in all { laneObject(&w, s) }
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
        var writer = JSONWriter()
        laneObject(&writer, s)
        return JSONResponse.make(body: writer.text)
    }

    private func laneObject(_ w: inout JSONWriter, _ s: LaneStats) {
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

    @Sendable func workers(_ request: Request, context: APIRequestContext) async throws -> Response {
        let live = try await store.workers()
        return JSONResponse.object { w in
            w.beginArray("workers")
            for worker in live {
                w.beginObject()
                w.string("id", worker.id)
                w.string("host", worker.host)
                w.int("pid", worker.pid)
                w.beginArray("lanes")
                for lane in worker.lanes { w.element(JSONWriter.quote(lane)) }
                w.endArray()
                w.beginObject("slots")
                for slot in worker.slots { w.int(slot.lane, slot.slots) }
                w.endObject()
                w.beginArray("running")
                for id in worker.running { w.element(JSONWriter.quote(id)) }
                w.endArray()
                w.string("started_at", Timestamp.string(worker.startedAt))
                w.string("last_heartbeat", Timestamp.string(worker.lastHeartbeat))
                w.endObject()
            }
            w.endArray()
            w.int("total", live.count)
        }
    }

    @Sendable func reconcile(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let body = try await request.optionalObject(limit: services.configuration.maxBodyBytes)
        if let unknown = body.keys.first(where: { $0 != "queue" }) { throw APIError.invalid("\(unknown): unknown field (allowed: queue)") }
        var lanes: [String]? = nil
        if let queue = body["queue"], queue != .null {
            guard let name = queue.stringValue else { throw APIError.invalid("queue must be a string, got \(queue.kind)") }
            guard store.lanes[name] != nil else {
                throw APIError.invalid("unknown queue '\(name)'; configured queues: \(store.laneNames.joined(separator: ", "))")
            }
            lanes = [name]
        }
        let owner = "api-\(TaskID.make().prefix(8))"
        var locked = false
        for _ in 0..<40 where !locked {
            locked = try await store.tryLockReconcile(owner: owner, ttlMs: 10_000)
            if !locked { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard locked else { throw APIError(.conflict, "busy", "another reconciliation pass is running; try again") }
        let report: ReconcileReport
        do {
            report = try await store.reconcile(lanes: lanes)
            try? await store.unlockReconcile(owner: owner)
        } catch {
            try? await store.unlockReconcile(owner: owner)
            throw error
        }
        context.audit.record("reconcile", outcome: "orphans \(report.recoveredOrphans), crashed \(report.recoveredCrashed), failed \(report.failedUnrecoverable)")
        return JSONResponse.object { w in
            w.int("recovered_orphans", report.recoveredOrphans)
            w.int("recovered_crashed", report.recoveredCrashed)
            w.int("failed_unrecoverable", report.failedUnrecoverable)
        }
    }

    @Sendable func health(_ request: Request, context: APIRequestContext) async throws -> Response {
        let connected = await store.ping()
        return JSONResponse.object { w in
            w.string("status", connected ? "healthy" : "unavailable")
            w.bool("enabled", true)
            w.bool("connected", connected)
            w.string("system", "valkey")
            w.string("note", connected ? "valkey answers" : "valkey at \(store.pool.configuration.address) does not answer; the API recovers by itself when it returns")
        }
    }
}
