import Hummingbird
import LanesCore
import LanesStore

/// Admin actions on the cluster: one reconciliation pass under the cluster-wide lock.
struct AdminController {
    let services: APIServices
    var store: TaskStore { services.store }

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.post("reconcile", use: reconcile)
        return routes
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
}
