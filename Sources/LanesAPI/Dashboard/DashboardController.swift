import Hummingbird

/// The web dashboard: `GET /` is its page, `GET /dashboard/<file>` its scripts, styles and icon.
/// The files need no key (the page asks for one and sends it on every API call); every response
/// carries a strict Content-Security-Policy.
struct DashboardController {
    let files: DashboardFiles

    /// No inline scripts or styles, nothing from other origins, never inside a frame.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        routes.get("/") { _, _ in try serve("index.html") }
        routes.get("dashboard/:file") { _, context in try serve(context.parameters.get("file") ?? "") }
        return routes
    }

    private func serve(_ name: String) throws -> Response {
        guard let file = files[name] else { throw APIError.notFound("no dashboard file '\(name.prefix(100))'") }
        return Response(status: .ok, headers: Self.headers(contentType: file.contentType), body: ResponseBody(byteBuffer: file.body))
    }

    /// The headers of every dashboard response.
    static func headers(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .contentSecurityPolicy: contentSecurityPolicy,
            .init("X-Content-Type-Options")!: "nosniff",
            .init("X-Frame-Options")!: "DENY",
            .init("Referrer-Policy")!: "no-referrer",
            .cacheControl: "no-cache",
        ]
    }
}
