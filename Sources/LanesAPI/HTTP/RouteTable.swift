import Hummingbird

/// Every route of the API in one place: method, path, the role it needs (nil: open) and what it
/// does. Auth, the 405 answers and the OpenAPI document all read it.
struct RouteTable: Sendable {
    struct Route: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let role: Role?
        let summary: String
        /// The path's segments, and which of them are parameters (`{id}`); split once, not per request.
        let segments: [String]
        let isParameter: [Bool]
        let literalCount: Int

        init(method: HTTPRequest.Method, path: String, role: Role?, summary: String) {
            self.method = method
            self.path = path
            self.role = role
            self.summary = summary
            segments = path.split(separator: "/").map(String.init)
            isParameter = segments.map { $0.hasPrefix("{") }
            literalCount = isParameter.filter { !$0 }.count
        }

        /// Whether the request path's segments fit this route's.
        func matches(_ parts: [Substring]) -> Bool {
            guard parts.count == segments.count else { return false }
            for index in parts.indices where !isParameter[index] && parts[index] != segments[index][...] { return false }
            return true
        }
    }

    let routes: [Route]
    /// Routes without parameters by their exact path: most requests are found with one lookup.
    private let literal: [String: [Route]]

    init(routes: [Route]) {
        self.routes = routes
        literal = Dictionary(grouping: routes.filter { !$0.isParameter.contains(true) }, by: \.path)
    }

    static let base = "/api/v1/queue"

    static let standard = RouteTable(routes: [
        Route(method: .get, path: "/healthz", role: nil, summary: "The process is alive"),
        Route(method: .get, path: "/readyz", role: nil, summary: "Valkey is reachable (503 when not)"),
        Route(method: .get, path: "/api/v1/openapi.json", role: nil, summary: "This API as an OpenAPI 3 document"),
        Route(method: .get, path: "/metrics", role: .read, summary: "Prometheus metrics, cluster-wide (open with LANES_METRICS_PUBLIC=1)"),
        Route(method: .get, path: "\(base)/health", role: nil, summary: "Valkey connectivity"),
        Route(method: .post, path: "\(base)/tasks", role: .write, summary: "Create a task"),
        Route(method: .get, path: "\(base)/tasks", role: .read, summary: "List tasks"),
        Route(method: .delete, path: "\(base)/tasks", role: .admin, summary: "Cancel every active task (of a queue)"),
        Route(method: .post, path: "\(base)/tasks/batch", role: .write, summary: "Create up to 1,000 tasks, all or nothing"),
        Route(method: .post, path: "\(base)/tasks/cancel", role: .write, summary: "Cancel tasks by ids or by metadata"),
        Route(method: .delete, path: "\(base)/tasks/history", role: .admin, summary: "Delete finished tasks"),
        Route(method: .get, path: "\(base)/tasks/{id}", role: .read, summary: "One task"),
        Route(method: .delete, path: "\(base)/tasks/{id}", role: .write, summary: "Cancel a task"),
        Route(method: .get, path: "\(base)/tasks/{id}/result", role: .read, summary: "A task's result"),
        Route(method: .get, path: "\(base)/tasks/{id}/logs", role: .read, summary: "A task's log lines"),
        Route(method: .get, path: "\(base)/tasks/{id}/wait", role: .read, summary: "Wait until a task is final"),
        Route(method: .post, path: "\(base)/tasks/{id}/retry", role: .write, summary: "Re-enqueue a failed task as a new task"),
        Route(method: .post, path: "\(base)/tasks/{id}/execute", role: .write, summary: "Run a queued or scheduled task now"),
        Route(method: .get, path: "\(base)/next", role: .read, summary: "The task a worker would claim next"),
        Route(method: .get, path: "\(base)/stats", role: .read, summary: "Counts of every queue"),
        Route(method: .get, path: "\(base)/stats/{queue}", role: .read, summary: "Counts of one queue"),
        Route(method: .get, path: "\(base)/workers", role: .read, summary: "Live workers"),
        Route(method: .post, path: "\(base)/reconcile", role: .admin, summary: "Run one reconciliation pass"),
        Route(method: .get, path: "\(base)/groups/{group}", role: .read, summary: "A task group's counts and progress"),
        Route(method: .delete, path: "\(base)/groups/{group}", role: .write, summary: "Cancel a group's active tasks"),
        Route(method: .get, path: "\(base)/schedules", role: .read, summary: "Recurring schedules"),
        Route(method: .post, path: "\(base)/schedules", role: .admin, summary: "Create or replace a schedule"),
        Route(method: .get, path: "\(base)/schedules/{name}", role: .read, summary: "One schedule"),
        Route(method: .delete, path: "\(base)/schedules/{name}", role: .admin, summary: "Delete a schedule"),
        Route(method: .post, path: "\(base)/schedules/{name}/pause", role: .admin, summary: "Pause a schedule"),
        Route(method: .post, path: "\(base)/schedules/{name}/resume", role: .admin, summary: "Resume a schedule"),
        Route(method: .get, path: "\(base)/events", role: .read, summary: "Server-Sent Events of state changes"),
        Route(method: .get, path: "\(base)/whoami", role: .read, summary: "The calling key's name and role"),
    ])

    /// The route for a request, preferring literal segments over parameters.
    func route(_ method: HTTPRequest.Method, _ path: String) -> Route? {
        matching(path).first { $0.method == method }
    }

    /// Methods allowed on a path; nil when no route has this path.
    func methods(for path: String) -> [HTTPRequest.Method]? {
        let found = matching(path)
        return found.isEmpty ? nil : found.map(\.method)
    }

    private func matching(_ path: String) -> [Route] {
        // A route of literal segments only beats every route with a parameter.
        if let exact = literal[path] { return exact }
        let parts = path.split(separator: "/")
        var best: [Route] = []
        var bestLiterals = -1
        // A literal segment beats a parameter (tasks/history over tasks/{id}).
        for route in routes where route.matches(parts) {
            if route.literalCount > bestLiterals {
                best = [route]
                bestLiterals = route.literalCount
            } else if route.literalCount == bestLiterals {
                best.append(route)
            }
        }
        return best
    }
}
