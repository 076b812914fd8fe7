import Foundation

/// The OpenAPI 3 document (`openapi.json`, a resource of this module), read once.
enum OpenAPIDocument {
    static let json: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return #"{"openapi":"3.0.3","info":{"title":"Lanes","version":"1.0.0"},"paths":{}}"# }
        return text
    }()
}
