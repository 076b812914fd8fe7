import Hummingbird
import LanesStore
import Logging

/// Turns every error into a JSON error response: unknown routes 404, wrong methods 405, store
/// errors by meaning, anything unexpected 503 or 400, never a 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as StoreError {
            return try APIError.from(error).response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            if let allowed = routes.methods(for: path), !allowed.isEmpty {
                var failure = APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(path); allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")
                failure.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return try failure.response(from: request, context: context)
            }
            return try APIError.notFound("no route \(request.method) \(path)").response(from: request, context: context)
        } catch let error as HTTPError {
            let status = error.status.code >= 500 ? HTTPResponse.Status.serviceUnavailable : error.status
            let code = status == .contentTooLarge ? "body_too_large" : "http_error"
            return try APIError(status, code, error.body ?? "\(error.status.reasonPhrase)").response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error: \(error)")
            return try APIError(.serviceUnavailable, "unavailable", "the request could not be completed: \(error)").response(from: request, context: context)
        }
    }
}
