import Hummingbird
import LanesStore

/// Container probes at the root: `/healthz` (the process runs) and `/readyz` (Valkey answers).
struct HealthController {
    let services: APIServices

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("healthz") { _, _ in JSONResponse.make(body: #"{"status":"ok"}"#) }
        routes.get("readyz") { _, _ in
            guard await services.store.ping() else {
                throw APIError(.serviceUnavailable, "unavailable", "valkey at \(services.store.pool.configuration.address) does not answer")
            }
            return JSONResponse.make(body: #"{"status":"ready"}"#)
        }
        return routes
    }
}
