import Foundation
import Hummingbird

/// Checks `Authorization: Bearer <key>` against the route's role: 401 without a valid key,
/// 403 when the key's role is too weak. Open routes pass.
struct AuthMiddleware<Context: LanesRequestContext>: RouterMiddleware {
    let keys: [APIKey]
    let routes: RouteTable
    let authDisabled: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = routes.route(request.method, request.uri.path)
        if let route { context.audit.matched(route.path) }
        guard let route, let needed = route.role, !authDisabled else {
            return try await next(request, context)
        }
        guard let key = APIKey.match(authorization: request.headers[.authorization], in: keys) else {
            var error = APIError(.unauthorized, "unauthorized", "a valid API key is required: send Authorization: Bearer <key>")
            error.headers[.wwwAuthenticate] = "Bearer"
            throw error
        }
        guard key.role >= needed else {
            context.audit.authenticated(as: key.name)
            throw APIError(.forbidden, "forbidden", "key '\(key.name)' has role \(key.role.name); \(request.method) \(route.path) needs \(needed.name)")
        }
        context.audit.authenticated(as: key.name)
        return try await next(request, context)
    }
}
