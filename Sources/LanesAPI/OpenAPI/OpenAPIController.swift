import Hummingbird

/// Serves the OpenAPI 3 document of every route at `/api/v1/openapi.json`.
struct OpenAPIController {
    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        let document = OpenAPIDocument.json
        routes.get("api/v1/openapi.json") { _, _ in JSONResponse.make(body: document) }
        return routes
    }
}
