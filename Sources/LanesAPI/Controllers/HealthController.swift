import Hummingbird
import LanesStore

/// Health, open to all: the probes at the root, `/healthz` (the process runs) and `/readyz` (Valkey
/// answers, else 503), and `/api/v1/queue/health` (always 200, saying whether Valkey answers).
struct HealthController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("healthz") { _, _ in JSONResponse.make(body: #"{"status":"ok"}"#) }
        routes.get("readyz") { _, _ in
            guard await services.store.ping() else {
                throw APIError(.serviceUnavailable, "unavailable", "valkey at \(services.store.pool.configuration.address) does not answer")
            }
            return JSONResponse.make(body: #"{"status":"ready"}"#)
        }
        routes.get(RouterPath(RouteTable.base + "/health"), use: health)
        return routes
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
