import Hummingbird
import LanesStore
import Logging

/// Turns every error into a JSON error response: unknown routes 404, wrong methods 405, store
/// errors by meaning, anything unexpected 503 or 400, never a 500. Refusals go into the audit note.
struct ErrorMiddleware<Context: LanesRequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let failure: APIError
        do {
            return try await next(request, context)
        } catch let error as APIError {
            failure = error
        } catch let error as StoreError {
            failure = APIError.from(error)
        } catch let error as HTTPError where error.status == .notFound {
            failure = notFound(request)
        } catch let error as HTTPError {
            let status = error.status.code >= 500 ? HTTPResponse.Status.serviceUnavailable : error.status
            let code = status == .contentTooLarge ? "body_too_large" : "http_error"
            failure = APIError(status, code, error.body ?? "\(error.status.reasonPhrase)")
        } catch is CancellationError {
            failure = APIError(.serviceUnavailable, "unavailable", "the request was cancelled before it completed")
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            failure = APIError(.serviceUnavailable, "unavailable", "the request could not be completed; try again")
        }
        context.audit.refused(failure.code, failure.message)
        return try failure.response(from: request, context: context)
    }

    /// 405 with an `Allow` header when the path exists under other methods, else 404.
    private func notFound(_ request: Request) -> APIError {
        let path = request.uri.path
        guard let allowed = routes.methods(for: path), !allowed.isEmpty else {
            return APIError.notFound("no route \(request.method) \(path)")
        }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var failure = APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(path); allowed: \(list)")
        failure.headers[.allow] = list
        return failure
    }
}
