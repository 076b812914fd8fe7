import Hummingbird
import LanesStore

/// Live workers: their lanes, slots, running tasks and last heartbeat.
struct WorkersController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("workers", use: workers)
        return routes
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
}
