import Hummingbird

/// `GET /whoami`: the name and role of the key that calls it, so a client (the dashboard) shows
/// only the actions that key may take. Never returns the secret.
struct WhoAmIController {
    let services: APIServices

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("whoami", use: whoami)
        return routes
    }

    @Sendable func whoami(_ request: Request, context: APIRequestContext) async throws -> Response {
        let configuration = services.configuration
        // The auth middleware already refused a missing or wrong key; with auth off anyone is admin.
        let key = APIKey.match(authorization: request.headers[.authorization], in: configuration.keys)
        return JSONResponse.object { w in
            w.string("name", key?.name)
            w.string("role", key?.role.name ?? (configuration.authDisabled ? Role.admin.name : nil))
            w.bool("auth_disabled", configuration.authDisabled)
        }
    }
}
