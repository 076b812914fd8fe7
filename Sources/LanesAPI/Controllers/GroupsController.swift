import Hummingbird
import LanesCore
import LanesStore

/// Task groups: counts by status and progress; cancelling a group.
struct GroupsController {
    let services: APIServices

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("groups/:group", use: show)
        routes.delete("groups/:group", use: cancel)
        return routes
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = context.parameters.get("group") ?? ""
        guard let summary = try await services.store.group(name) else { throw APIError.notFound("group \(name) has no tasks") }
        return JSONResponse.object { w in
            w.string("group", summary.group)
            w.int("total", summary.total)
            w.beginObject("counts")
            for status in TaskStatus.allCases { w.int(status.rawValue, summary.counts[status] ?? 0) }
            w.endObject()
            w.double("progress", summary.progress)
            w.string("first_created_at", Timestamp.string(summary.firstCreatedAt))
            w.string("last_finished_at", Timestamp.string(summary.lastFinishedAt))
        }
    }

    @Sendable func cancel(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = context.parameters.get("group") ?? ""
        let count = try await services.store.cancelGroup(name)
        context.audit.record("cancel_group", outcome: "cancelled \(count) in \(name)")
        return JSONResponse.object { w in
            w.string("group", name)
            w.int("cancelled", count)
        }
    }
}
