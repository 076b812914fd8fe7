import Hummingbird
import LanesCore
import Logging

/// Logs every mutating request (anything but GET, HEAD and OPTIONS) as one structured line: the
/// route, the key's name, the task ids, the status and the outcome. It wraps every other
/// middleware, so refusals (401, 403, 404, 422...) are logged too. Secrets are never logged.
struct AuditMiddleware<Context: LanesRequestContext>: RouterMiddleware {
    let routes: RouteTable
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), logger.logLevel <= .info else { return try await next(request, context) }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 0, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let note = context.audit.snapshot
        // A refused request on a task still names it, when the path holds a well-formed id.
        var tasks = note.tasks
        if tasks.isEmpty, let id = context.parameters.get("id"), TaskID.isValid(id) { tasks = [id] }
        let route = note.route ?? routes.route(request.method, request.uri.path)?.path ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "audit": "mutation",
            "method": "\(request.method.rawValue)",
            "route": "\(route)",
            "status": "\(status)",
            "key": "\(note.key)",
            "action": "\(note.action ?? "-")",
            "task_ids": "\(tasks.joined(separator: ","))",
            "outcome": "\(Self.clean(note.outcome ?? "-"))",
            "ms": "\((ms * 10).rounded() / 10)",
        ]
        // A line about one task carries task_id (and lane when known), like the worker's lines.
        if tasks.count == 1 { metadata["task_id"] = "\(tasks[0])" }
        if let lane = note.lane { metadata["lane"] = "\(lane)" }
        logger.info("request", metadata: metadata)
    }

    /// One line at most 300 characters: user text inside messages cannot forge log lines.
    static func clean(_ text: String) -> String {
        let flat = text.unicodeScalars.map { scalar -> Character in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return " "
            default: return Character(scalar)
            }
        }
        return String(String(flat).prefix(300))
    }
}
