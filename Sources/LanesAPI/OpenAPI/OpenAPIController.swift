import Hummingbird

/// Serves the OpenAPI 3 document of every route at `/api/v1/openapi.json`.
struct OpenAPIController {
    let lanes: [String]

    var endpoints: RouteCollection<APIRequestContext> {
        let routes = RouteCollection(context: APIRequestContext.self)
        let document = OpenAPIDocument.json(lanes: lanes)
        routes.get("api/v1/openapi.json") { _, _ in JSONResponse.make(body: document) }
        return routes
    }
}
